namespace EdgeController.Bench.Scenarios;

/// <summary>How the firmware learns a scenario's prices.</summary>
public enum PricePublication
{
    /// <summary>A fixed hourly time-of-use tariff in the board config (the same every day).</summary>
    FixedTimeOfUse,

    /// <summary>Day-ahead prices, each day's published at 13:00 the day before as a signed tariff command (v2) into TariffSchedule.</summary>
    DayAhead,
}

/// <summary>
/// One scenario at one-minute steps on the standard site of <see cref="Days.DaysSite"/>: PV and
/// load (W, the mean of each minute), the import and export price of each minute (currency per
/// kWh), an optional demand charge (currency per kW of the highest 15-minute mean import over
/// the whole run), and the warm-up the forecaster watches before the counted minutes.
/// Minute 0 is at local minute of day <see cref="StartMinuteOfDay"/>.
/// </summary>
public sealed class Scenario
{
    public required string Name { get; init; }

    public required double[] Pv { get; init; }

    public required double[] Load { get; init; }

    public required double[] ImportPrice { get; init; }

    public required double[] ExportPrice { get; init; }

    public PricePublication Publication { get; init; }

    /// <summary>Minutes per published price slot (15 or 60) for <see cref="PricePublication.DayAhead"/>.</summary>
    public int StepMinutes { get; init; } = 15;

    public double DemandChargePerKilowatt { get; init; }

    public int StartMinuteOfDay { get; init; }

    /// <summary>Unix ms of minute 0 (for the tariff command's times); UTC offset 0.</summary>
    public long StartUnixMilliseconds { get; init; } = 1_767_225_600_000; // 2026-01-01T00:00Z

    public double[] WarmupPv { get; init; } = [];

    public double[] WarmupLoad { get; init; } = [];

    public double InitialWattHours { get; init; } = Days.DaysSite.CapacityWattHours / 2;

    /// <summary>What a Wh left above the floor at the end is worth (after discharge losses), currency per kWh.</summary>
    public double TerminalPricePerKilowattHour { get; init; } = Days.DaysSite.OffPeakMicrocurrency / 1e6;

    public int Minutes => Pv.Length;

    /// <summary>Minute of day of minute t.</summary>
    public int MinuteOfDay(int t) => (StartMinuteOfDay + t) % Days.DaysSite.MinutesPerDay;

    /// <summary>The fixed tariff's hourly prices as microcurrency per kWh (taken from the first day's minutes).</summary>
    public int HourlyImportMicro(int hour) => (int)Math.Round(ImportPrice[MinuteIndexOfHour(hour)] * 1e6);

    public int HourlyExportMicro(int hour) => (int)Math.Round(ExportPrice[MinuteIndexOfHour(hour)] * 1e6);

    private int MinuteIndexOfHour(int hour) => ((hour * 60) - StartMinuteOfDay + (2 * Days.DaysSite.MinutesPerDay)) % Days.DaysSite.MinutesPerDay % Math.Max(1, Pv.Length);
}
