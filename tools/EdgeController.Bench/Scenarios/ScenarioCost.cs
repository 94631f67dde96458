using EdgeController.Bench.Days;

namespace EdgeController.Bench.Scenarios;

/// <summary>A policy's outcome on a scenario.</summary>
public sealed record PolicyOutcome(double Cost, double ThroughputKilowattHours, int ClippedMinutes, int Minutes, double PeakKilowatts, double HostMicrosecondsPerTick)
{
    /// <summary>Equivalent full cycles: half the throughput over the usable capacity.</summary>
    public double EquivalentCycles => ThroughputKilowattHours / 2 / (DaysSite.CapacityWattHours * (1 - DaysSite.FloorFraction) / 1000);

    public double ClippedShare => Minutes == 0 ? 0 : (double)ClippedMinutes / Minutes;
}

/// <summary>
/// Scores a run minute by minute: energy at each minute's price (export at the export price,
/// whatever its sign), the demand charge on the highest 15-minute mean import, less the energy
/// left above the floor at the end; and the battery's energy model shared by every policy.
/// </summary>
public sealed class ScenarioCost
{
    private readonly Scenario _scenario;
    private double _energyCost;
    private double _slotImportWattMinutes;
    private int _slotMinutes;
    private double _peakWatts;
    private double _throughputWattHours;

    public ScenarioCost(Scenario scenario)
    {
        _scenario = scenario;
    }

    /// <summary>Adds minute t at a grid power (W, + import) and battery power (W, + discharge).</summary>
    public void Add(int t, double gridWatts, double batteryWatts)
    {
        double price = gridWatts > 0 ? _scenario.ImportPrice[t] : _scenario.ExportPrice[t];
        _energyCost += gridWatts / 1000.0 / 60.0 * price;
        _throughputWattHours += Math.Abs(batteryWatts) / 60.0;
        _slotImportWattMinutes += Math.Max(0, gridWatts);
        _slotMinutes++;
        if (_scenario.MinuteOfDay(t) % 15 == 14 || t == _scenario.Minutes - 1)
        {
            _peakWatts = Math.Max(_peakWatts, _slotImportWattMinutes / 15.0);
            _slotImportWattMinutes = 0;
            _slotMinutes = 0;
        }
    }

    public double PeakWatts => _peakWatts;

    public double ThroughputKilowattHours => _throughputWattHours / 1000;

    /// <summary>The total with the demand charge and the end's stored energy.</summary>
    public double Total(double finalStoredWattHours) =>
        _energyCost + (_scenario.DemandChargePerKilowatt * _peakWatts / 1000) - TerminalValue(_scenario, finalStoredWattHours);

    public static double TerminalValue(Scenario scenario, double storedWattHours) =>
        Math.Max(0, storedWattHours - (DaysSite.FloorFraction * DaysSite.CapacityWattHours)) / 1000.0 * DaysSite.DischargeEfficiency * scenario.TerminalPricePerKilowattHour;

    /// <summary>Battery power clamped to the power and energy limits of the next minute, W (+ discharge).</summary>
    public static double Limit(double wishWatts, double stored, out double chargeLimitWatts, out double dischargeLimitWatts)
    {
        double floor = DaysSite.FloorFraction * DaysSite.CapacityWattHours;
        dischargeLimitWatts = Math.Clamp((stored - floor) * DaysSite.DischargeEfficiency * 60, 0, DaysSite.MaxBatteryWatts);
        chargeLimitWatts = Math.Clamp((DaysSite.CapacityWattHours - stored) / DaysSite.ChargeEfficiency * 60, 0, DaysSite.MaxBatteryWatts);
        return Math.Clamp(wishWatts, -chargeLimitWatts, dischargeLimitWatts);
    }

    /// <summary>Stored energy after a minute at a battery power.</summary>
    public static double Apply(double stored, double batteryWatts) =>
        batteryWatts >= 0
            ? stored - (batteryWatts / 60.0 / DaysSite.DischargeEfficiency)
            : stored - (batteryWatts / 60.0 * DaysSite.ChargeEfficiency);
}
