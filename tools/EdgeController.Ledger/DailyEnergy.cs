namespace EdgeController.Ledger;

/// <summary>One device's energy over one UTC day, mWh, from its signed registers.</summary>
public sealed record DailyEnergy(string DeviceId, DateOnly Day, long ImportMilliwattHours, long ExportMilliwattHours,
    long PvMilliwattHours, long BatteryInMilliwattHours, long BatteryOutMilliwattHours, int Readings);
