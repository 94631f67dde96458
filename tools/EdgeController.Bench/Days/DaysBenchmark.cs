using EdgeController.Core.Planning;
using EdgeController.Hal.Simulation.Models;

namespace EdgeController.Bench.Days;

/// <summary>One standard day's figures, currency over the counted days (net of export and of the energy left at the end).</summary>
public sealed record DaysBenchmarkResult(
    DayWeather Weather, int Days, double NoBatteryCost, double SelfConsumptionCost, double FirmwareCost, double OptimumCost)
{
    /// <summary>(firmware - optimum) / |optimum|.</summary>
    public double GapToOptimum => (FirmwareCost - OptimumCost) / Math.Abs(OptimumCost);

    /// <summary>Share of the saving the optimum makes over no battery that the firmware makes too.</summary>
    public double SavingCaptured => (NoBatteryCost - FirmwareCost) / (NoBatteryCost - OptimumCost);
}

/// <summary>
/// The standard days: for each weather, the forecaster watches three warm-up days, then every
/// policy runs the same counted days (each with its own weather noise) from 50 % SOC.
/// </summary>
public static class DaysBenchmark
{
    public const int WarmupDays = 3;

    public static DaysBenchmarkResult Run(DayWeather weather, int days, int seed)
    {
        (double[] warmupPv, double[] warmupLoad) = DaysSite.Series(weather, 0, WarmupDays, seed);
        (double[] pv, double[] load) = DaysSite.Series(weather, WarmupDays, days, seed);
        double initial = DaysSite.CapacityWattHours / 2;
        return new DaysBenchmarkResult(
            weather,
            days,
            DayPolicies.NoBattery(pv, load),
            DayPolicies.SelfConsumption(pv, load, initial),
            DayPolicies.Firmware(pv, load, warmupPv, warmupLoad, initial, OperatingMode.Auto),
            PerfectForesightOptimum.Cost(pv, load, initial));
    }
}
