using EdgeController.Core.Telemetry;
using EdgeController.Hal.Simulation;
using EdgeController.Hal.Simulation.Storage;
using EdgeController.Ledger;
using EdgeController.Simulator;

namespace EdgeController.Bench.Flash;

/// <summary>What one scenario of the flash benchmark measured.</summary>
/// <param name="Readings">Readings emitted while counting.</param>
/// <param name="BytesWritten">Bytes written to flash while counting, every record included.</param>
/// <param name="MessageBytesMean">Mean length of the messages drained (or queued).</param>
/// <param name="BytesByRecord">Bytes written per record name ("obl" the log, "obr" its release record, "meter", ...).</param>
public sealed record FlashScenarioResult(long Readings, long BytesWritten, double MessageBytesMean, IReadOnlyDictionary<string, long> BytesByRecord)
{
    /// <summary>Bytes written per reading.</summary>
    public double BytesPerReading => Readings == 0 ? 0 : (double)BytesWritten / Readings;
}

/// <summary>
/// The device's real loop (the simulator's device: Controller.Tick with the energy control, a
/// reading every 10 s, the durable outbox) over a flash that counts every byte written, after a
/// warm-up hour. Three scenarios: online with release at the broker's PUBACK (each reading is
/// drained at once); online with release by the ledger (drained at once, and the gateway's mark
/// arrives after every reading); an outage (nothing drained). The counts include the outbox's
/// log and release record, the meter state (seq) and the battery state: everything the device
/// writes. Byte counts are of what the firmware hands the file system; the file system's own
/// metadata writes come on top (see docs/design.md, "Device flash log").
/// </summary>
public static class FlashBenchmark
{
    /// <summary>The report period of the figures, ms.</summary>
    public const int ReportPeriodMilliseconds = 10_000;

    private const long LocalNoonUnixMilliseconds = 1_782_036_000_000 + (60 * 60 * 1000);
    private const int WarmUpSeconds = 3600;

    /// <summary>Online: every message published at once; release at PUBACK, or by the ledger's mark after each reading.</summary>
    public static FlashScenarioResult RunOnline(int seconds, int seed, OutboxReleaseMode release)
    {
        return Run(seconds, seed, release, drain: true);
    }

    /// <summary>An outage: nothing is published; the log only grows (keep seconds within the budget).</summary>
    public static FlashScenarioResult RunOutage(int seconds, int seed)
    {
        return Run(seconds, seed, OutboxReleaseMode.AtLedgerAcknowledgement, drain: false);
    }

    private static FlashScenarioResult Run(int seconds, int seed, OutboxReleaseMode release, bool drain)
    {
        CountingNonVolatileStore flash = new(new PreallocatedNonVolatileStore());
        SimulatedProvisioning.EnsureProvisioned(flash, KeyRegistry.Empty(), "site1", "bench-1", "k1");
        using SimulatedDevice device = new(flash, new OfflineMqttLink(), new SimulatedClock(LocalNoonUnixMilliseconds), seed,
            reportPeriodMillisecondsOverride: ReportPeriodMilliseconds, plant: new SimulatedPlant(seed), outboxRelease: release);
        byte[] buffer = new byte[EdgeController.Core.Composition.DeviceSizing.ForEsp32().MaxMessageBytes];
        long messageBytes = 0;
        long messages = 0;
        for (int i = 0; i < WarmUpSeconds; i++)
        {
            device.AdvanceWorld(1000);
            device.App.ControlTick();
            Drain(device, buffer, release, ref messageBytes, ref messages);
        }

        flash.Reset();
        messageBytes = 0;
        messages = 0;
        long readingsBefore = device.Controller.ReadingsEmitted;
        for (int i = 0; i < seconds; i++)
        {
            device.AdvanceWorld(1000);
            device.App.ControlTick();
            if (drain)
            {
                Drain(device, buffer, release, ref messageBytes, ref messages);
            }
        }

        if (!drain)
        {
            // The queued messages' sizes, read back through the drain once the outage is over.
            while (device.Outbox.PeekOldest(buffer, out _) is int length and >= 0)
            {
                messageBytes += length;
                messages++;
                device.Outbox.RemoveOldest();
            }
        }

        long readings = device.Controller.ReadingsEmitted - readingsBefore;
        return new FlashScenarioResult(readings, flash.BytesWritten, messages == 0 ? 0 : (double)messageBytes / messages, flash.BytesByRecord);
    }

    private static void Drain(SimulatedDevice device, byte[] buffer, OutboxReleaseMode release, ref long messageBytes, ref long messages)
    {
        TelemetryOutbox outbox = device.Outbox;
        bool any = false;
        while (outbox.PeekOldest(buffer, out _) is int length and >= 0)
        {
            messageBytes += length;
            messages++;
            outbox.RemoveOldest();
            any = true;
        }

        if (any && release == OutboxReleaseMode.AtLedgerAcknowledgement)
        {
            // The gateway's mark for this device after it took the reading.
            outbox.Acknowledge(device.Controller.LastSequence);
        }
    }
}
