using System.Globalization;
using EdgeController.Bench.Audit;
using EdgeController.Bench.Battery;
using EdgeController.Bench.Days;
using EdgeController.Bench.Dispatch;
using EdgeController.Bench.Flash;
using EdgeController.Bench.Market;
using EdgeController.Bench.Scenarios;
using EdgeController.Bench.Tick;
using EdgeController.Hal.Simulation.Models;
using EdgeController.Core.Battery;

namespace EdgeController.Bench;

/// <summary>
/// The bench's command line: <c>ec-bench dispatch [count] [seed]</c>. Prints key=value lines
/// (the console's convention) so a script can read the figures.
/// </summary>
public static class BenchCommand
{
    private const int DefaultDispatchProblems = 10_000;

    /// <summary>The seed of the published simulated-world figures.</summary>
    private const int DefaultSeed = 20261124;

    /// <summary>Runs one benchmark; returns the process exit code.</summary>
    public static int Run(string[] args, TextWriter output)
    {
        string command = args.Length > 0 ? args[0] : "help";
        switch (command)
        {
            case "dispatch":
                return RunDispatch(args, output);
            case "soc":
                return RunSoc(args, output);
            case "days":
                return RunDays(args, output);
            case "tick":
                return RunTick(args, output);
            case "flash":
                return RunFlash(args, output);
            case "market":
                return MarketBench.Run(args, output);
            case "audit":
                return RunAudit(args, output);
            case "planner":
                return RunPlanner(args, output);
            default:
                output.WriteLine("usage: ec-bench dispatch [count] [seed] | soc [days] [seed] | days [days] [seed] | days --seeds [count] [days] [--expected] | tick [ticks] [seed] | flash [hours] [seed] | market [members] [seed] | audit [entries] [seed] | planner [seed]");
                return command == "help" ? 0 : 2;
        }
    }

    private static int RunDispatch(string[] args, TextWriter output)
    {
        int count = IntArgument(args, 1, DefaultDispatchProblems);
        int seed = IntArgument(args, 2, DispatchBenchmark.DefaultSeed);
        DispatchBenchmarkResult result = DispatchBenchmark.Run(count, seed);
        output.WriteLine(FormattableString.Invariant($"problems={result.Problems}"));
        output.WriteLine(FormattableString.Invariant($"seed={seed}"));
        output.WriteLine(FormattableString.Invariant($"max_balance_error_mw={result.MaxBalanceErrorMilliwatts}"));
        output.WriteLine(FormattableString.Invariant($"limit_violations={result.LimitViolations}"));
        output.WriteLine(FormattableString.Invariant($"worst_relative_cost_gap={result.WorstRelativeCostGap:E3}"));
        output.WriteLine(FormattableString.Invariant($"mean_relative_cost_gap={result.MeanRelativeCostGap:E3}"));
        output.WriteLine(FormattableString.Invariant($"max_iterations={result.MaxIterations}"));
        output.WriteLine(FormattableString.Invariant($"host_us_per_solve={result.MicrosecondsPerSolve:F2}"));
        return 0;
    }

    private static int RunSoc(string[] args, TextWriter output)
    {
        int days = IntArgument(args, 1, SocBenchmark.Week.Length);
        int seed = IntArgument(args, 2, DefaultSeed);
        output.WriteLine(FormattableString.Invariant($"days={days}"));
        output.WriteLine(FormattableString.Invariant($"seed={seed}"));
        foreach (BatteryChemistry chemistry in new[] { BatteryChemistry.LiFePO4, BatteryChemistry.Nmc, BatteryChemistry.LeadAcid })
        {
            SocBenchmarkResult result = SocBenchmark.Run(chemistry, days, tickSeconds: 1, seed);
            string key = chemistry.ToString().ToLowerInvariant();
            output.WriteLine(FormattableString.Invariant($"{key}_soc_rms_error_percent={result.RmsErrorPercent:F3}"));
            output.WriteLine(FormattableString.Invariant($"{key}_soc_max_error_percent={result.MaxErrorPercent:F3}"));
            output.WriteLine(FormattableString.Invariant($"{key}_soh_estimate_per_mille={result.FinalSohPerMille}"));
            output.WriteLine(FormattableString.Invariant($"{key}_ocv_corrections={result.Corrections}"));
            output.WriteLine(FormattableString.Invariant($"{key}_true_soc_range_percent={result.TrueSocMinPercent:F1}..{result.TrueSocMaxPercent:F1}"));
        }

        return 0;
    }

    private static int RunPlanner(string[] args, TextWriter output)
    {
        int seed = IntArgument(args, 1, DefaultSeed);
        EdgeController.Bench.Planner.PlannerBenchmarkResult r = EdgeController.Bench.Planner.PlannerBenchmark.Run(seed);
        output.WriteLine(FormattableString.Invariant($"ticks={r.Ticks}"));
        output.WriteLine(FormattableString.Invariant($"passes={r.Passes}"));
        output.WriteLine(FormattableString.Invariant($"bytes_allocated_total={r.BytesAllocated}"));
        output.WriteLine(FormattableString.Invariant($"host_us_per_tick_mean={r.MeanMicroseconds:F1}"));
        output.WriteLine(FormattableString.Invariant($"host_us_per_tick_p99={r.P99Microseconds:F1}"));
        output.WriteLine(FormattableString.Invariant($"host_us_per_tick_max={r.MaxMicroseconds:F1}"));
        output.WriteLine(FormattableString.Invariant($"plan_ram_bytes={EdgeController.Core.Planning.SlotPlanner.PlanBytes}"));
        return 0;
    }

    private static int RunTick(string[] args, TextWriter output)
    {
        int ticks = IntArgument(args, 1, 3600);
        int seed = IntArgument(args, 2, 1);
        TickBenchmarkResult result = TickBenchmark.Run(ticks, seed);
        output.WriteLine(FormattableString.Invariant($"ticks={result.Ticks}"));
        output.WriteLine(FormattableString.Invariant($"seed={seed}"));
        output.WriteLine(FormattableString.Invariant($"readings_emitted={result.ReadingsEmitted}"));
        output.WriteLine(FormattableString.Invariant($"bytes_allocated_total={result.BytesAllocated}"));
        output.WriteLine(FormattableString.Invariant($"bytes_allocated_per_tick={(double)result.BytesAllocated / result.Ticks:F2}"));
        output.WriteLine(FormattableString.Invariant($"host_us_per_tick_mean={result.MeanMicroseconds:F1}"));
        output.WriteLine(FormattableString.Invariant($"host_us_per_tick_p99={result.P99Microseconds:F1}"));
        output.WriteLine(FormattableString.Invariant($"host_us_per_tick_max={result.MaxMicroseconds:F1}"));
        return 0;
    }

    private static int RunFlash(string[] args, TextWriter output)
    {
        int hours = IntArgument(args, 1, 6);
        int seed = IntArgument(args, 2, 1);
        int seconds = hours * 3600;
        FlashScenarioResult ledger = FlashBenchmark.RunOnline(seconds, seed, Core.Telemetry.OutboxReleaseMode.AtLedgerAcknowledgement);
        FlashScenarioResult puback = FlashBenchmark.RunOnline(seconds, seed, Core.Telemetry.OutboxReleaseMode.AtBrokerAcknowledgement);
        FlashScenarioResult outage = FlashBenchmark.RunOutage(Math.Min(seconds, FlashLifetime.DeviceOutageSecondsHeld(ledger.MessageBytesMean) / 2), seed);
        output.WriteLine(FormattableString.Invariant($"hours={hours}"));
        output.WriteLine(FormattableString.Invariant($"seed={seed}"));
        output.WriteLine(FormattableString.Invariant($"report_period_s={FlashBenchmark.ReportPeriodMilliseconds / 1000}"));
        output.WriteLine(FormattableString.Invariant($"readings={ledger.Readings}"));
        output.WriteLine(FormattableString.Invariant($"message_bytes_mean={ledger.MessageBytesMean:F1}"));
        output.WriteLine(FormattableString.Invariant($"flash_bytes_per_reading={ledger.BytesPerReading:F1}"));
        output.WriteLine(FormattableString.Invariant($"flash_bytes_per_message_byte={ledger.BytesPerReading / ledger.MessageBytesMean:F2}"));
        foreach ((string record, long bytes) in ledger.BytesByRecord.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            output.WriteLine(FormattableString.Invariant($"flash_bytes_per_reading_{record}={(double)bytes / ledger.Readings:F1}"));
        }

        output.WriteLine(FormattableString.Invariant($"flash_bytes_per_reading_puback_release={puback.BytesPerReading:F1}"));
        output.WriteLine(FormattableString.Invariant($"flash_bytes_per_reading_outage={outage.BytesPerReading:F1}"));
        output.WriteLine(FormattableString.Invariant($"outage_readings_measured={outage.Readings}"));
        output.WriteLine(FormattableString.Invariant($"flash_bytes_per_reading_before_online={FlashLifetime.BeforeOnlineBytesPerReading:F1}"));
        output.WriteLine(FormattableString.Invariant($"flash_bytes_per_reading_before_outage={FlashLifetime.BeforeOutageBytesPerReading:F1}"));
        double worst = Math.Max(ledger.BytesPerReading, Math.Max(puback.BytesPerReading, outage.BytesPerReading));
        output.WriteLine(FormattableString.Invariant($"partition_bytes={FlashLifetime.PartitionBytes}"));
        output.WriteLine(FormattableString.Invariant($"erase_cycles_per_sector={FlashLifetime.EraseCyclesPerSector}"));
        output.WriteLine(FormattableString.Invariant($"lifetime_years={FlashLifetime.Years(worst):F1}"));
        output.WriteLine(FormattableString.Invariant($"lifetime_years_fs_amplification_4x={FlashLifetime.Years(4 * worst):F1}"));
        output.WriteLine(FormattableString.Invariant($"lifetime_years_before_outage={FlashLifetime.Years(FlashLifetime.BeforeOutageBytesPerReading):F1}"));
        output.WriteLine(FormattableString.Invariant($"device_flash_budget_bytes={FlashLifetime.DeviceFlashBudgetBytes}"));
        output.WriteLine(FormattableString.Invariant($"device_readings_held={FlashLifetime.DeviceReadingsHeld(ledger.MessageBytesMean)}"));
        output.WriteLine(FormattableString.Invariant($"device_outage_hours_at_10s={FlashLifetime.DeviceOutageSecondsHeld(ledger.MessageBytesMean) / 3600.0:F1}"));
        return 0;
    }

    private static int RunAudit(string[] args, TextWriter output)
    {
        int entries = IntArgument(args, 1, 1_000_000);
        int seed = IntArgument(args, 2, DefaultSeed);
        AuditBenchmark.Result r = AuditBenchmark.Run(entries, seed, Path.Combine(Path.GetTempPath(), "ec-bench-audit"));
        output.WriteLine(FormattableString.Invariant($"entries={r.Entries}"));
        output.WriteLine(FormattableString.Invariant($"seed={seed}"));
        output.WriteLine(FormattableString.Invariant($"append_per_second_with_tree={r.AppendPerSecondWithTree:F0}"));
        output.WriteLine(FormattableString.Invariant($"append_per_second_without_tree={r.AppendPerSecondWithoutTree:F0}"));
        output.WriteLine(FormattableString.Invariant($"append_rate_ratio_total={r.AppendPerSecondWithTree / r.AppendPerSecondWithoutTree:F3}"));
        output.WriteLine(FormattableString.Invariant($"append_rate_ratio_median_batch={r.MedianBatchRateRatio:F3}"));
        output.WriteLine(FormattableString.Invariant($"append_rate_ratio_cpu_time={r.CpuRateRatio:F3}"));
        output.WriteLine(FormattableString.Invariant($"merkle_rows={r.MerkleRows}"));
        output.WriteLine(FormattableString.Invariant($"inclusion_proof_hashes_max={r.MaxInclusionHashes}"));
        output.WriteLine(FormattableString.Invariant($"consistency_proof_hashes_max={r.MaxConsistencyHashes}"));
        output.WriteLine(FormattableString.Invariant($"inclusion_prove_us_mean={r.ProveMicroseconds:F1}"));
        output.WriteLine(FormattableString.Invariant($"inclusion_verify_us_mean={r.VerifyMicroseconds:F1}"));
        output.WriteLine(FormattableString.Invariant($"all_proofs_verified={(r.AllVerified ? "true" : "false")}"));
        return r.AllVerified ? 0 : 1;
    }

    private static int RunDays(string[] args, TextWriter output)
    {
        if (args.Length > 1 && args[1].StartsWith("--", StringComparison.Ordinal))
        {
            return RunDaysSuite(args, output);
        }

        int days = IntArgument(args, 1, 7);
        int seed = IntArgument(args, 2, DefaultSeed);
        output.WriteLine(FormattableString.Invariant($"days_per_weather={days}"));
        output.WriteLine(FormattableString.Invariant($"seed={seed}"));
        foreach (DayWeather weather in new[] { DayWeather.Sunny, DayWeather.Cloudy, DayWeather.Winter })
        {
            // The optimum of the standard days keeps its grid (20 Wh, 250 W) so figures compare with earlier ones.
            SuiteResult.Run(ScenarioSuites.StandardDays(weather, days, seed), 20, 250).Write(output);
        }

        return 0;
    }

    /// <summary>days --trace FILE [warmup days] | --year tou|hourly|quarter [seed] [days] | --demand [seed] | --seeds [count] [days] [--expected] | --household [count] [days] [effects] [--pv-forecast] | --causal-bound [count] [days].</summary>
    private static int RunDaysSuite(string[] args, TextWriter output)
    {
        Scenario scenario;
        double energyStep = 50;
        double powerStep = 500;
        switch (args[1])
        {
            case "--trace":
                if (args.Length < 3)
                {
                    output.WriteLine("usage: ec-bench days --trace FILE.csv [warmup_days]");
                    return 2;
                }

                scenario = TraceCsv.Load(args[2], IntArgument(args, 3, 0));
                energyStep = 20;
                powerStep = 250;
                break;
            case "--year":
                string kind = args.Length > 2 ? args[2] : "quarter";
                ScenarioSuites.YearPrices prices = kind switch
                {
                    "tou" => ScenarioSuites.YearPrices.TimeOfUse,
                    "hourly" => ScenarioSuites.YearPrices.Hourly,
                    _ => ScenarioSuites.YearPrices.QuarterHourly,
                };
                scenario = ScenarioSuites.Year(prices, IntArgument(args, 3, DefaultSeed), 0, IntArgument(args, 4, 365));
                break;
            case "--record-regression":
                RegressionGate.Record(args.Length > 2 ? args[2] : "regression-costs.csv");
                return 0;
            case "--demand":
                scenario = ScenarioSuites.DemandMonth(IntArgument(args, 2, DefaultSeed));
                energyStep = 100;
                break;
            case "--diagnose" when args.Length > 2 && args[2] == "household":
                // days --diagnose household SEED DAYS [causal] [effects]
                DayDiagnosis.Write(
                    HouseholdWeeks.Generate(IntArgument(args, 4, 28), IntArgument(args, 3, 1), HouseholdSpread.ParseEffects(args.Length > 6 ? args[6] : "all")),
                    args.Length <= 5 || args[5] != "causal", output);
                return 0;
            case "--diagnose":
                DayDiagnosis.Write(
                    Enum.Parse<EdgeController.Hal.Simulation.Models.DayWeather>(args.Length > 2 ? args[2] : "Sunny", true),
                    IntArgument(args, 3, DefaultSeed), IntArgument(args, 4, 7), args.Length <= 5 || args[5] != "causal", output);
                return 0;
            case "--causal-bound":
                // days --causal-bound [count] [days]: the best any causal controller can do on the standard days.
                CausalBound.Write(IntArgument(args, 2, 6), IntArgument(args, 3, 7), DefaultSeed, output);
                return 0;
            case "--household":
                // days --household [count] [days] [effects] [--pv-forecast]: seeds 1..count, 28 days each after two weeks' warm-up.
                bool dayAheadPv = args.Contains("--pv-forecast");
                string[] householdArgs = args.Where(a => a != "--pv-forecast").ToArray();
                HouseholdSpread.Write(
                    IntArgument(householdArgs, 2, 6), IntArgument(householdArgs, 3, 28), HouseholdSpread.ParseEffects(householdArgs.Length > 4 ? householdArgs[4] : "all"), output, dayAheadPv);
                return 0;
            case "--seeds":
                bool expected = args.Contains("--expected");
                string[] numbers = args.Where(a => a != "--expected").ToArray();
                SeedSpread.Write(IntArgument(numbers, 2, 6), IntArgument(numbers, 3, 7), DefaultSeed, output, expected);
                return 0;
            default:
                output.WriteLine("usage: ec-bench days [days] [seed] | days --trace FILE.csv [warmup_days] | days --year tou|hourly|quarter [seed] [days] | days --demand [seed] | days --seeds [count] [days] [--expected] | days --household [count] [days] [all|none|weekends,guests,cold] [--pv-forecast] | days --causal-bound [count] [days]");
                return 2;
        }

        output.WriteLine(FormattableString.Invariant($"scenario={scenario.Name}"));
        output.WriteLine(FormattableString.Invariant($"minutes={scenario.Minutes}"));
        output.WriteLine(FormattableString.Invariant($"optimum_grid_wh={energyStep}"));
        output.WriteLine(FormattableString.Invariant($"optimum_ladder_w={powerStep}"));
        SuiteResult.Run(scenario, energyStep, powerStep).Write(output);
        output.WriteLine(FormattableString.Invariant($"largest_tariff_command_bytes={ScenarioPolicies.LargestCommandBytes}"));
        output.WriteLine(FormattableString.Invariant($"plan_ram_bytes={EdgeController.Core.Planning.SlotPlanner.PlanBytes}"));
        return 0;
    }

    private static int IntArgument(string[] args, int index, int fallback)
    {
        return args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
    }
}
