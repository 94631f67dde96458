using EdgeController.Bench.Scenarios;

namespace EdgeController.Control.Tests.Planning;

/// <summary>
/// The planner's regression gate: 100 seeded one-day scenarios (TOU, hourly and quarter-hourly
/// day-ahead prices, some with a demand charge), each run by the firmware with causal forecasts,
/// must not cost more than the committed record (regression-costs.csv) beyond the stated tolerance.
/// </summary>
public sealed class RegressionGateTests
{
    [Fact]
    public void EveryRegressionScenario_CostsNoMoreThanItsRecordWithinTolerance()
    {
        double[] recorded = RegressionGate.Load(Path.Combine(AppContext.BaseDirectory, "Planning", "regression-costs.csv"));
        Assert.Equal(RegressionGate.Scenarios, recorded.Length);
        var worse = new List<string>();
        for (int i = 0; i < RegressionGate.Scenarios; i++)
        {
            double cost = RegressionGate.FirmwareCost(i);
            double allowed = recorded[i] + RegressionGate.AbsoluteTolerance + (RegressionGate.RelativeTolerance * Math.Abs(recorded[i]));
            if (cost > allowed)
            {
                worse.Add(FormattableString.Invariant($"scenario {i}: {cost:F4} > record {recorded[i]:F4}"));
            }
        }

        Assert.True(worse.Count == 0, string.Join("; ", worse));
    }
}
