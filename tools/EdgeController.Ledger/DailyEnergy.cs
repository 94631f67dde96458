namespace EdgeController.Ledger;

/// <summary>One device's energy over one UTC day, mWh, from its signed registers.</summary>
public sealed record DailyEnergy(string DeviceId, DateOnly Day, long ImportMilliwattHours, long ExportMilliwattHours,
    long PvMilliwattHours, long BatteryInMilliwattHours, long BatteryOutMilliwattHours, int Readings)
{
    /// <summary>Energy the load took: its own register (load_fwd_mwh) when the device has one, else the balance import - export + PV + battery out - battery in.</summary>
    public long LoadMilliwattHours { get; init; }

    /// <summary>Device time of the day's first and last reading (Unix ms).</summary>
    public long FirstReadingMilliseconds { get; init; }

    /// <inheritdoc cref="FirstReadingMilliseconds"/>
    public long LastReadingMilliseconds { get; init; }

    /// <summary>True when the readings do not cover the whole UTC day (within 15 minutes at either end): a run's first or last day.</summary>
    public bool IsPartial
    {
        get
        {
            long start = new DateTimeOffset(Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();
            const long slack = 15 * 60 * 1000;
            return FirstReadingMilliseconds > start + slack || LastReadingMilliseconds < start + 86_400_000 - slack;
        }
    }
}
