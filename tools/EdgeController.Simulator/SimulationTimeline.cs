using System.Diagnostics;
using EdgeController.Core.Telemetry;
using EdgeController.Hal.Simulation;

namespace EdgeController.Simulator;

/// <summary>
/// Moves a fleet along simulated time. Devices share nothing but the broker, so they run on a
/// few dedicated threads, each owning a slice of the fleet: a publish blocks on its PUBACK as on
/// the ESP32, and several threads keep several in flight. The threads meet at regular points of
/// simulated time, where the gateway's clock moves on, the pace is held and a stop is decided,
/// so no device runs far ahead of the others or of the gateway's received_ms.
/// </summary>
public static class SimulationTimeline
{
    /// <summary>Simulated time the workers run apart when unpaced before they meet.</summary>
    public const int UnpacedSyncMilliseconds = 10_000;

    /// <summary>Runs every device's loop over the duration; returns where the time went.</summary>
    /// <remarks>atMeeting (may be null) runs at every meeting with the devices held, after the gateway's clock moved: the built-in market clears there.</remarks>
    public static TimelineProfile Run(SimulationOptions options, IReadOnlyList<SimulatedDevice> devices, SimulatedClock gatewayClock, CancellationToken cancellationToken,
        Action? atMeeting = null)
    {
        int tickMilliseconds = (int)options.Tick.TotalMilliseconds;
        long steps = (long)(options.Duration.TotalMilliseconds / tickMilliseconds);
        TimelineProfile profile = new();
        using SimulationProgress progress = SimulationProgress.Start(steps, options.Duration); // a bar on a terminal only
        profile.Start();
        RunSteps(devices, gatewayClock, tickMilliseconds, steps, options.Pace, profile, () =>
        {
            progress.Report(gatewayClock.UptimeMilliseconds / tickMilliseconds);
            atMeeting?.Invoke();
            return false;
        }, cancellationToken);
        profile.Stop();
        return profile;
    }

    /// <summary>
    /// After the duration: the devices go on (at the pace, or in real time, so the gateway's
    /// acknowledgements keep up with new readings) until every message a device made during the
    /// duration is done with: covered by the ledger's signed acknowledgement where the device
    /// keeps messages for it, taken by the broker where it does not. Or until timeout of
    /// wall-clock time. True when every device got there.
    /// </summary>
    public static bool Drain(SimulationOptions options, IReadOnlyList<SimulatedDevice> devices, SimulatedClock gatewayClock, TimeSpan timeout, CancellationToken cancellationToken)
    {
        int tickMilliseconds = (int)options.Tick.TotalMilliseconds;
        long[] madeThrough = devices.Select(device => device.Controller.LastSequence).ToArray();
        Stopwatch waited = Stopwatch.StartNew();
        bool Done() => devices.Select((device, i) => DoneWith(device, madeThrough[i])).All(done => done);
        RunSteps(devices, gatewayClock, tickMilliseconds, long.MaxValue, options.Pace ?? 1.0, new TimelineProfile(),
            () => Done() || waited.Elapsed >= timeout, cancellationToken);
        return Done();
    }

    private static bool DoneWith(SimulatedDevice device, long sequence) => device.Outbox.ReleaseMode == OutboxReleaseMode.AtLedgerAcknowledgement
        ? device.Outbox.AcknowledgedThroughSequence >= sequence
        : device.Outbox.Count == 0;

    private static void RunSteps(IReadOnlyList<SimulatedDevice> devices, SimulatedClock gatewayClock, int tickMilliseconds, long steps, double? pace,
        TimelineProfile profile, Func<bool> stopAtMeeting, CancellationToken cancellationToken)
    {
        int stepsPerMeeting = pace is null ? Math.Max(1, UnpacedSyncMilliseconds / tickMilliseconds) : 1;
        int workers = Math.Min(devices.Count, WorkerThreads);
        Stopwatch wall = Stopwatch.StartNew();
        long simulatedMilliseconds = 0;
        bool stop = stopAtMeeting();
        using Barrier meet = new(workers, _ =>
        {
            long advanced = (long)stepsPerMeeting * tickMilliseconds;
            gatewayClock.Advance(advanced);
            simulatedMilliseconds += advanced;
            if (pace is double simulatedPerWall)
            {
                // Hold the pace: simulated time may not run ahead of wall time times the pace.
                double aheadMilliseconds = (simulatedMilliseconds / simulatedPerWall) - wall.Elapsed.TotalMilliseconds;
                if (aheadMilliseconds > 1)
                {
                    Thread.Sleep(TimeSpan.FromMilliseconds(aheadMilliseconds));
                }
            }

            stop = stopAtMeeting() || cancellationToken.IsCancellationRequested;
        });
        Thread[] threads = new Thread[workers];
        for (int w = 0; w < workers; w++)
        {
            SimulatedDevice[] slice = devices.Where((_, i) => i % workers == w).ToArray();
            threads[w] = new Thread(() =>
            {
                for (long step = 0; step < steps && !stop; step += stepsPerMeeting)
                {
                    long end = Math.Min(steps, step + stepsPerMeeting);
                    for (long s = step; s < end; s++)
                    {
                        foreach (SimulatedDevice device in slice)
                        {
                            profile.Step(device, tickMilliseconds);
                        }
                    }

                    meet.SignalAndWait(CancellationToken.None);
                }
            }) { IsBackground = true, Name = $"sim-worker-{w}" };
        }

        foreach (Thread thread in threads)
        {
            thread.Start();
        }

        foreach (Thread thread in threads)
        {
            thread.Join();
        }
    }

    /// <summary>
    /// Loop threads at most. A thread spends most of its time waiting for a PUBACK, so the number
    /// of threads is the number of publishes in flight. 50 devices for 1 h on this 2-core machine,
    /// quiet: 22,400 device-ticks/s on 8 threads, 26,500 on 16, 30,000 on 32, 27,300 on 50; past
    /// 16 the process is CPU-bound (10.8-13.4 s of CPU in 6-8 s) and more threads only add switches.
    /// </summary>
    private const int WorkerThreads = 32;
}
