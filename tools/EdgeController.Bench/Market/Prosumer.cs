namespace EdgeController.Bench.Market;

/// <summary>One member of the bench community: PV peak (0: none), battery capacity (0: none), the load's base, and its profile seed.</summary>
public sealed record Prosumer(string Id, double PvPeakWatts, double BatteryWattHours, double LoadBaseWatts, int Seed);
