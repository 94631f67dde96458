using EdgeController.Bench.Scenarios;

namespace EdgeController.Bench.Days;

/// <summary>
/// The household weeks (<see cref="HouseholdWeeks"/>) over seeds 1 to count: each seed's gaps and
/// share of the saving, then their mean and worst and how many seeds capture less than the 95 %
/// a standard day must. Run with some effects only, it shows which of them costs the firmware.
/// </summary>
public static class HouseholdSpread
{
    /// <summary>The standard day's target share of the achievable saving (issue 16).</summary>
    public const double TargetSavingCapturedPercent = 95;

    /// <summary>Parses "all", "none" or a comma-separated list of weekends, guests, cold.</summary>
    public static HouseholdWeeks.Effects ParseEffects(string text)
    {
        HouseholdWeeks.Effects effects = HouseholdWeeks.Effects.None;
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            effects |= part switch
            {
                "all" => HouseholdWeeks.Effects.All,
                "none" => HouseholdWeeks.Effects.None,
                "weekends" => HouseholdWeeks.Effects.Weekends,
                "guests" => HouseholdWeeks.Effects.Guests,
                "cold" => HouseholdWeeks.Effects.ColdSpells,
                _ => throw new ArgumentException($"unknown household effect '{part}': use all, none or a list of weekends, guests, cold"),
            };
        }

        return effects;
    }

    /// <summary>
    /// Runs seeds 1 to count. With dayAheadPv, the firmware runs a third time with a day-ahead PV
    /// forecast (<see cref="DayPvForecast"/>): what knowing the day's sky in advance is worth.
    /// </summary>
    public static void Write(int count, int days, HouseholdWeeks.Effects effects, TextWriter output, bool dayAheadPv = false)
    {
        if (count < 1 || days < 1)
        {
            throw new ArgumentException($"days --household needs at least one seed and one day (got {count} seeds, {days} days)");
        }

        output.WriteLine(FormattableString.Invariant($"household_days={days}"));
        output.WriteLine(FormattableString.Invariant($"household_warmup_days={HouseholdWeeks.WarmupDays}"));
        output.WriteLine(FormattableString.Invariant($"household_effects={effects}"));
        var causal = new List<double>();
        var perfect = new List<double>();
        var captured = new List<double>();
        var capturedDayAhead = new List<double>();
        for (int seed = 1; seed <= count; seed++)
        {
            // The optimum's grid of the standard days and traces (20 Wh, 250 W).
            Scenario scenario = HouseholdWeeks.Generate(days, seed, effects);
            SuiteResult result = SuiteResult.Run(scenario, 20, 250);
            causal.Add(100 * SuiteResult.Gap(result.FirmwareCausal.Cost, result.OptimumCost));
            perfect.Add(100 * SuiteResult.Gap(result.FirmwarePerfect.Cost, result.OptimumCost));
            captured.Add(100 * result.SavingCaptured(result.FirmwareCausal.Cost));
            string dayAheadField = string.Empty;
            if (dayAheadPv)
            {
                double cost = ScenarioPolicies.Firmware(scenario, false, device => new DayPvForecast(scenario.Pv, HouseholdWeeks.ClearSkyWatts, device)).Cost;
                capturedDayAhead.Add(100 * result.SavingCaptured(cost));
                dayAheadField = FormattableString.Invariant($" saving_captured_pv_forecast_percent={capturedDayAhead[^1]:F2}");
            }

            output.WriteLine(FormattableString.Invariant(
                $"household_seed_{seed}_gap_causal_percent={causal[^1]:F2} gap_perfect_percent={perfect[^1]:F2} saving_captured_causal_percent={captured[^1]:F2}{dayAheadField} cost_causal={result.FirmwareCausal.Cost:F3} cost_optimum={result.OptimumCost:F3} cost_no_battery={result.NoBattery.Cost:F3}"));
        }

        output.WriteLine(FormattableString.Invariant($"household_gap_causal_percent_mean={causal.Average():F2}"));
        output.WriteLine(FormattableString.Invariant($"household_gap_causal_percent_worst={causal.Max():F2}"));
        output.WriteLine(FormattableString.Invariant($"household_gap_perfect_percent_mean={perfect.Average():F2}"));
        output.WriteLine(FormattableString.Invariant($"household_saving_captured_causal_percent_mean={captured.Average():F1}"));
        output.WriteLine(FormattableString.Invariant($"household_saving_captured_causal_percent_worst={captured.Min():F1}"));
        output.WriteLine(FormattableString.Invariant($"household_seeds_below_saving_target_causal={captured.Count(c => c < TargetSavingCapturedPercent)}"));
        if (dayAheadPv)
        {
            output.WriteLine(FormattableString.Invariant($"household_saving_captured_pv_forecast_percent_mean={capturedDayAhead.Average():F1}"));
            output.WriteLine(FormattableString.Invariant($"household_saving_captured_pv_forecast_percent_worst={capturedDayAhead.Min():F1}"));
        }
    }
}
