using EdgeController.Bench.Days;
using EdgeController.Hal.Simulation.Models;

namespace EdgeController.Control.Tests.Planning;

public sealed class CausalBoundTests
{
    [Fact]
    public void QuarterNetWattHours_IsEachQuartersLoadLessPv_InWattHours()
    {
        double[] load = Enumerable.Repeat(600.0, 30).ToArray();
        double[] pv = Enumerable.Range(0, 30).Select(t => t < 15 ? 0.0 : 1000.0).ToArray();

        double[] net = CausalBound.QuarterNetWattHours(pv, load);

        Assert.Equal(2, net.Length);
        Assert.Equal(150.0, net[0], 9);
        Assert.Equal(-100.0, net[1], 9);
    }

    // A quarter hour at 5 kW moves 1250 Wh through the inverter: 1187.5 Wh stored on a charge,
    // 1315.8 Wh drawn from storage on a discharge. Export above the 5 kW limit earns nothing, and
    // the store stays between its floor (1 kWh) and its capacity.
    [Fact]
    public void QuarterCost_PricesTheGridAndHoldsThePowerEnergyAndExportLimits()
    {
        const double shoulder = 0.20;

        // 100 Wh stored, 105.3 Wh bought.
        Assert.Equal(100 / 0.95 / 1000 * shoulder, CausalBound.QuarterCost(0, 5000, 5100, shoulder), 9);
        // 100 Wh drawn against a 400 Wh net: 95 Wh delivered, 305 Wh bought.
        Assert.Equal((400 - 95) / 1000.0 * shoulder, CausalBound.QuarterCost(400, 5000, 4900, shoulder), 9);
        Assert.True(double.IsFinite(CausalBound.QuarterCost(0, 5000, 6187.5, shoulder)));
        Assert.Equal(double.PositiveInfinity, CausalBound.QuarterCost(0, 5000, 6200, shoulder));
        Assert.Equal(double.PositiveInfinity, CausalBound.QuarterCost(0, 1100, 900, shoulder));
        Assert.Equal(double.PositiveInfinity, CausalBound.QuarterCost(-2000, 9500, 10_100, shoulder));
        Assert.Equal(-1.25 * 0.05, CausalBound.QuarterCost(-3000, 5000, 5000, shoulder), 9);
    }

    // The prescient programme is optimal on the week it knows, and the causal policy is one of the
    // policies it chooses among: the bound can never come out cheaper. On the sunny day it pays
    // for not knowing which quarter hours bring a burst.
    [Fact]
    public void Run_CostsNoLessThanThePrescientOptimum_AndMoreWhereBurstsAreUnknown()
    {
        // A distribution of 50 days keeps the test quick; the bench's figures use 200.
        CausalBound.Result sunny = CausalBound.Run(DayWeather.Sunny, 2, 1, 50);

        Assert.True(sunny.CausalCost >= sunny.PrescientCost - 1e-9, $"{sunny.CausalCost} < {sunny.PrescientCost}");
        Assert.True(sunny.GapPercent > 0.1, $"gap {sunny.GapPercent} %");
    }
}
