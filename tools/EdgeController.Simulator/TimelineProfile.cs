using System.Diagnostics;

namespace EdgeController.Simulator;

/// <summary>
/// Where the simulation loop's time goes, measured over the loop alone (not start-up or the
/// drain): the world's physics, the firmware's control ticks (flash writes of the tick
/// included, and also shown apart), the communication passes (publishing to the broker), and the
/// CPU the rest of the process (broker, gateway) spent meanwhile. The loop's threads add their
/// phases up, so with several of them the phases sum to more than the loop's wall time.
/// </summary>
public sealed class TimelineProfile
{
    private long _physicsTicks;
    private long _controlTicks;
    private long _communicationTicks;
    private long _loopStartTimestamp;
    private TimeSpan _processCpuAtStart;

    private long _deviceTicks;

    /// <summary>Device ticks run (one device's one control tick each).</summary>
    public long DeviceTicks => Interlocked.Read(ref _deviceTicks);

    /// <summary>Wall time of the loop.</summary>
    public TimeSpan LoopWallTime { get; private set; }

    /// <summary>CPU time the whole process (loop, broker, gateway, MQTT clients) used during the loop.</summary>
    public TimeSpan ProcessCpuTime { get; private set; }

    /// <summary>Time in flash writes and reads, part of <see cref="ControlTime"/> and <see cref="CommunicationTime"/>.</summary>
    public TimeSpan FlashTime => TimedNonVolatileStore.TotalTime;

    /// <summary>Whole-blob flash writes during the loop (a temporary file and a rename each on the host).</summary>
    public long FlashWrites { get; private set; }

    /// <summary>Flash appends during the loop.</summary>
    public long FlashAppends { get; private set; }

    /// <summary>Flash reads during the loop.</summary>
    public long FlashReads { get; private set; }

    /// <summary>Time in the world's physics.</summary>
    public TimeSpan PhysicsTime => Stopwatch.GetElapsedTime(0, _physicsTicks);

    /// <summary>Time in the firmware's control ticks.</summary>
    public TimeSpan ControlTime => Stopwatch.GetElapsedTime(0, _controlTicks);

    /// <summary>Time in communication passes.</summary>
    public TimeSpan CommunicationTime => Stopwatch.GetElapsedTime(0, _communicationTicks);

    /// <summary>Device ticks per second of loop wall time.</summary>
    public double DeviceTicksPerSecond => LoopWallTime.TotalSeconds > 0 ? DeviceTicks / LoopWallTime.TotalSeconds : 0;

    /// <summary>Marks the loop's start.</summary>
    public void Start()
    {
        TimedNonVolatileStore.ResetTotal();
        _processCpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        _loopStartTimestamp = Stopwatch.GetTimestamp();
    }

    /// <summary>One device's step: physics, then the firmware's passes, timed apart.</summary>
    public void Step(SimulatedDevice device, int elapsedMilliseconds)
    {
        long t0 = Stopwatch.GetTimestamp();
        device.AdvanceWorld(elapsedMilliseconds);
        long t1 = Stopwatch.GetTimestamp();
        device.App.ControlTick();
        device.App.PollConsole();
        long t2 = Stopwatch.GetTimestamp();
        device.App.CommunicationPass();
        device.App.SuperviseControl();
        long t3 = Stopwatch.GetTimestamp();
        Interlocked.Add(ref _physicsTicks, t1 - t0);
        Interlocked.Add(ref _controlTicks, t2 - t1);
        Interlocked.Add(ref _communicationTicks, t3 - t2);
        Interlocked.Increment(ref _deviceTicks);
    }

    /// <summary>Marks the loop's end.</summary>
    public void Stop()
    {
        LoopWallTime = Stopwatch.GetElapsedTime(_loopStartTimestamp);
        ProcessCpuTime = Process.GetCurrentProcess().TotalProcessorTime - _processCpuAtStart;
        FlashWrites = TimedNonVolatileStore.Writes;
        FlashAppends = TimedNonVolatileStore.Appends;
        FlashReads = TimedNonVolatileStore.Reads;
    }
}
