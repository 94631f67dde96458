using EdgeController.Bench.Days;
using EdgeController.Hal.Simulation.Models;

namespace EdgeController.Control.Tests.Planning;

/// <summary>
/// The firmware's planner and dispatcher against the perfect-foresight optimum and the plain
/// self-consumption rule on the standard days (two counted days each here, to stay fast; the
/// bench runs seven).
/// </summary>
public sealed class StandardDaysTests
{
    [Theory]
    [InlineData(DayWeather.Sunny)]
    [InlineData(DayWeather.Cloudy)]
    [InlineData(DayWeather.Winter)]
    public void StandardDay_WithTimeOfUseTariff_CostsWithinTenPerCentOfTheOptimumAndNoMoreThanSelfConsumption(DayWeather weather)
    {
        DaysBenchmarkResult result = DaysBenchmark.Run(weather, days: 2, seed: 20261124);

        Assert.True(result.OptimumCost <= result.FirmwareCost + 1e-6, $"optimum {result.OptimumCost} above firmware {result.FirmwareCost}");
        Assert.InRange(result.GapToOptimum, 0, 0.10);
        Assert.True(result.FirmwareCost <= result.SelfConsumptionCost, $"firmware {result.FirmwareCost} vs self-consumption {result.SelfConsumptionCost}");
    }
}
