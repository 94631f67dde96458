using System.Globalization;
using EdgeController.Bench.Days;

namespace EdgeController.Control.Tests.Planning;

public sealed class SeedSpreadTests
{
    [Fact]
    public void Seeds_StartWithThePublishedOneThenCountUpFromOne()
    {
        Assert.Equal([20261124, 1, 2, 3], SeedSpread.Seeds(4, 20261124));
        Assert.Equal([20261124], SeedSpread.Seeds(1, 20261124));
    }

    // The summary lines are what a change is judged by: each must be the mean, worst or count
    // above the target of the per-seed lines above it, and every seed must be its own week (a
    // different optimum's cost). Without --expected there is no oracle run.
    [Fact]
    public void Write_SummarisesEachWeatherOverItsSeeds()
    {
        var output = new StringWriter();

        SeedSpread.Write(2, 1, 20261124, output);

        string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (string weather in new[] { "sunny", "cloudy", "winter" })
        {
            string[] seedLines = lines.Where(l => l.StartsWith(weather + "_seed_", StringComparison.Ordinal)).ToArray();
            double[] causal = seedLines.Select(l => Value(l.Split(' ')[0])).ToArray();
            double[] optimum = seedLines.Select(l => Value(l.Split(' ').Single(f => f.StartsWith("cost_optimum=", StringComparison.Ordinal)))).ToArray();
            Assert.Equal(2, causal.Length);
            Assert.NotEqual(optimum[0], optimum[1]);
            double mean = Value(lines.Single(l => l.StartsWith(weather + "_gap_causal_percent_mean=", StringComparison.Ordinal)));
            double worst = Value(lines.Single(l => l.StartsWith(weather + "_gap_causal_percent_worst=", StringComparison.Ordinal)));
            Assert.Equal(causal.Average(), mean, 0.006);
            Assert.Equal(causal.Max(), worst, 0.001);
            Assert.Equal(causal.Count(g => g > SeedSpread.TargetGapPercent), Value(lines.Single(l => l.StartsWith(weather + "_seeds_above_target_causal=", StringComparison.Ordinal))));
        }

        Assert.DoesNotContain(lines, l => l.Contains("expected", StringComparison.Ordinal));
    }

    // The expected-profile run adds a gap per seed and its own summary, which must agree with them.
    [Fact]
    public void Write_WithExpected_SummarisesTheExpectedGapsToo()
    {
        var output = new StringWriter();

        SeedSpread.Write(2, 1, 20261124, output, expected: true);

        string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (string weather in new[] { "sunny", "cloudy", "winter" })
        {
            double[] gaps = lines.Where(l => l.StartsWith(weather + "_seed_", StringComparison.Ordinal))
                .Select(l => Value(l.Split(' ').Single(f => f.StartsWith("gap_expected_percent=", StringComparison.Ordinal))))
                .ToArray();
            Assert.Equal(2, gaps.Length);
            Assert.Equal(gaps.Average(), Value(lines.Single(l => l.StartsWith(weather + "_gap_expected_percent_mean=", StringComparison.Ordinal))), 0.006);
            Assert.Equal(gaps.Max(), Value(lines.Single(l => l.StartsWith(weather + "_gap_expected_percent_worst=", StringComparison.Ordinal))), 0.001);
            Assert.Equal(gaps.Count(g => g > SeedSpread.TargetGapPercent), Value(lines.Single(l => l.StartsWith(weather + "_seeds_above_target_expected=", StringComparison.Ordinal))));
        }
    }

    private static double Value(string keyValue) => double.Parse(keyValue[(keyValue.IndexOf('=') + 1)..], CultureInfo.InvariantCulture);
}
