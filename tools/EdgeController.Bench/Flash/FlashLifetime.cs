using EdgeController.Core.Telemetry;

namespace EdgeController.Bench.Flash;

/// <summary>
/// What a write rate means for the flash: lifetime on a wear-levelled data partition, and how
/// long an outage the device's budget holds.
/// </summary>
public static class FlashLifetime
{
    /// <summary>The data partition the file system spreads its writes over (wear levelling), bytes.</summary>
    public const long PartitionBytes = 1024 * 1024;

    /// <summary>Erase cycles an ESP32's SPI flash sector takes (the usual rating of NOR flash).</summary>
    public const long EraseCyclesPerSector = 100_000;

    /// <summary>The device's outbox budget (firmware/Device/DeviceApp.OutboxFlashBudgetBytes, which this project cannot reference).</summary>
    public const int DeviceFlashBudgetBytes = 128 * 4096;

    /// <summary>The device's segment (TelemetryOutbox.DefaultSegmentBytes).</summary>
    public const int DeviceSegmentBytes = TelemetryOutbox.DefaultSegmentBytes;

    /// <summary>
    /// The old design (commit 5a54c8e, TelemetryOutbox with SpillStore), measured by this bench's
    /// scenarios on that commit with the simulator's outbox (32 RAM slots, seed 1, 6 h): online, each
    /// reading drained at once, so the open batch held one message when rewritten (message mean
    /// 616.6 bytes, as now). A figure of a commit that is gone cannot be re-measured here: it is
    /// printed as measured then.
    /// </summary>
    public const double BeforeOnlineBytesPerReading = 780.2;

    /// <summary>
    /// The old design in an outage (2 h, nothing drained): every reading rewrote the whole open
    /// batch of up to 32 messages (the open record alone 10,268.9 bytes per reading), measured
    /// likewise. With the device's 256 slots the batch would reach 256 messages.
    /// </summary>
    public const double BeforeOutageBytesPerReading = 10986.1;

    private const double SecondsPerYear = 365.25 * 24 * 3600;

    /// <summary>Years until the partition's erase budget is spent at bytesPerReading every 10 s (write amplification 1).</summary>
    public static double Years(double bytesPerReading)
    {
        double bytesPerYear = bytesPerReading * (SecondsPerYear / (FlashBenchmark.ReportPeriodMilliseconds / 1000.0));
        return PartitionBytes * (double)EraseCyclesPerSector / bytesPerYear;
    }

    /// <summary>Readings of messageBytesMean the device's budget holds (whole entries per segment).</summary>
    public static int DeviceReadingsHeld(double messageBytesMean)
    {
        int perSegment = (int)((DeviceSegmentBytes - FlashLog.SegmentHeaderBytes) / (Math.Ceiling(messageBytesMean) + FlashLog.EntryOverheadBytes));
        return (DeviceFlashBudgetBytes / DeviceSegmentBytes) * perSegment;
    }

    /// <summary>Seconds of outage at the 10 s report period the device's budget holds.</summary>
    public static int DeviceOutageSecondsHeld(double messageBytesMean)
    {
        return DeviceReadingsHeld(messageBytesMean) * (FlashBenchmark.ReportPeriodMilliseconds / 1000);
    }
}
