using EdgeController.Bench.Scenarios;
using EdgeController.Hal.Simulation.Models;

namespace EdgeController.Bench.Days;

/// <summary>
/// The standard days over several seeds: the published seed and seeds 1 to count − 1, each its
/// own week of weather noise. A rule that helps only the published seed fits that seed's noise;
/// the spread across seeds shows what a change does to the days in general (issue 16: the causal
/// gap of one weather moves by several points from seed to seed).
/// </summary>
public static class SeedSpread
{
    /// <summary>The seeds of a spread of count: the published one first.</summary>
    public static int[] Seeds(int count, int publishedSeed) =>
        [publishedSeed, .. Enumerable.Range(1, Math.Max(0, count - 1))];

    /// <summary>Runs every weather for every seed and writes each seed's gaps, then the mean and worst per weather.</summary>
    public static void Write(int count, int days, int publishedSeed, TextWriter output)
    {
        int[] seeds = Seeds(count, publishedSeed);
        output.WriteLine(FormattableString.Invariant($"days_per_weather={days}"));
        output.WriteLine(FormattableString.Invariant($"seeds={string.Join(',', seeds)}"));
        foreach (DayWeather weather in new[] { DayWeather.Sunny, DayWeather.Cloudy, DayWeather.Winter })
        {
            string name = weather.ToString().ToLowerInvariant();
            var causal = new List<double>();
            var perfect = new List<double>();
            var captured = new List<double>();
            foreach (int seed in seeds)
            {
                SuiteResult result = SuiteResult.Run(ScenarioSuites.StandardDays(weather, days, seed), 20, 250);
                causal.Add(100 * SuiteResult.Gap(result.FirmwareCausal.Cost, result.OptimumCost));
                perfect.Add(100 * SuiteResult.Gap(result.FirmwarePerfect.Cost, result.OptimumCost));
                captured.Add(100 * result.SavingCaptured(result.FirmwareCausal.Cost));
                output.WriteLine(FormattableString.Invariant(
                    $"{name}_seed_{seed}_gap_causal_percent={causal[^1]:F2} gap_perfect_percent={perfect[^1]:F2} saving_captured_causal_percent={captured[^1]:F1} cost_causal={result.FirmwareCausal.Cost:F4} cost_optimum={result.OptimumCost:F4}"));
            }

            output.WriteLine(FormattableString.Invariant($"{name}_gap_causal_percent_mean={causal.Average():F2}"));
            output.WriteLine(FormattableString.Invariant($"{name}_gap_causal_percent_worst={causal.Max():F2}"));
            output.WriteLine(FormattableString.Invariant($"{name}_gap_perfect_percent_mean={perfect.Average():F2}"));
            output.WriteLine(FormattableString.Invariant($"{name}_gap_perfect_percent_worst={perfect.Max():F2}"));
            output.WriteLine(FormattableString.Invariant($"{name}_saving_captured_causal_percent_worst={captured.Min():F1}"));
        }
    }
}
