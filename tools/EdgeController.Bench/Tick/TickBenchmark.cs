using EdgeController.Core.Composition;
using System.Diagnostics;
using EdgeController.Core.Telemetry;
using EdgeController.Hal.Simulation;
using EdgeController.Hal.Simulation.Storage;
using EdgeController.Ledger;
using EdgeController.Simulator;

namespace EdgeController.Bench.Tick;

/// <summary>What one run of the tick benchmark measured.</summary>
public sealed record TickBenchmarkResult(
    int Ticks, long BytesAllocated, double MeanMicroseconds, double P99Microseconds, double MaxMicroseconds, long ReadingsEmitted);

/// <summary>
/// The device's whole tick (Controller.Tick with the energy control: meters, protection, SOC,
/// charge, plan, dispatch, actuators, a reading every 10 s) on the simulator's site, offline,
/// flash preallocated: bytes allocated and host time per tick, measured around the tick alone
/// (the plant's physics and the outbox draining are outside). The host's time says nothing of
/// the ESP32's; the allocation count is the figure that carries over.
/// </summary>
public static class TickBenchmark
{
    /// <summary>Local noon on the simulated site (UTC+1): the battery and the dispatch are busy.</summary>
    private const long LocalNoonUnixMilliseconds = 1_782_036_000_000 + (60 * 60 * 1000);

    private const int WarmUpSeconds = 3600;

    /// <summary>Runs ticks one-second ticks after an hour of warm-up.</summary>
    public static TickBenchmarkResult Run(int ticks, int seed)
    {
        PreallocatedNonVolatileStore flash = new();
        SimulatedProvisioning.EnsureProvisioned(flash, KeyRegistry.Empty(), "site1", "bench-1", "k1");
        using SimulatedDevice device = new(flash, new OfflineMqttLink(), new SimulatedClock(LocalNoonUnixMilliseconds), seed,
            reportPeriodMillisecondsOverride: 10_000, plant: new SimulatedPlant(seed));
        byte[] buffer = new byte[DeviceSizing.ForEsp32().MaxMessageBytes];
        for (int i = 0; i < WarmUpSeconds; i++)
        {
            device.Step(1000);
            Drain(device.Outbox, buffer);
        }

        double[] microseconds = new double[ticks];
        long readingsBefore = device.Controller.ReadingsEmitted;
        long allocated = 0;
        for (int i = 0; i < ticks; i++)
        {
            device.AdvanceWorld(1000);
            long bytesBefore = GC.GetAllocatedBytesForCurrentThread();
            long started = Stopwatch.GetTimestamp();
            device.App.ControlTick();
            long ended = Stopwatch.GetTimestamp();
            allocated += GC.GetAllocatedBytesForCurrentThread() - bytesBefore;
            microseconds[i] = (ended - started) * 1e6 / Stopwatch.Frequency;
            Drain(device.Outbox, buffer);
        }

        Array.Sort(microseconds);
        return new TickBenchmarkResult(
            ticks,
            allocated,
            microseconds.Average(),
            microseconds[(int)Math.Min(ticks - 1, Math.Ceiling(ticks * 0.99) - 1)],
            microseconds[^1],
            device.Controller.ReadingsEmitted - readingsBefore);
    }

    /// <summary>What a broker and an acknowledging gateway do between ticks: take every message, and free the flash.</summary>
    private static void Drain(TelemetryOutbox outbox, byte[] buffer)
    {
        while (outbox.PeekOldest(buffer, out _) >= 0)
        {
            outbox.RemoveOldest();
        }

        outbox.Acknowledge(Math.Max(outbox.HighestSequence(MessageKind.Reading), outbox.HighestSequence(MessageKind.Event)));
    }
}
