namespace EdgeController.Bench.Scenarios;

/// <summary>Every policy's outcome on one scenario, and the comparisons the bench reports.</summary>
public sealed record SuiteResult(
    string Name, PolicyOutcome NoBattery, PolicyOutcome SelfConsumption, PolicyOutcome FirmwareCausal, PolicyOutcome FirmwarePerfect, double OptimumCost)
{
    /// <summary>The cap on import the optimum chose under a demand charge, kW (NaN without one).</summary>
    public double OptimumCapKilowatts { get; init; } = double.NaN;

    /// <summary>(firmware - optimum) / |optimum|; meaningless where the optimum is near or below 0 (see <see cref="SavingCaptured"/>).</summary>
    public static double Gap(double cost, double optimum) => (cost - optimum) / Math.Abs(optimum);

    /// <summary>(no battery - policy) / (no battery - optimum).</summary>
    public double SavingCaptured(double cost) => (NoBattery.Cost - cost) / (NoBattery.Cost - OptimumCost);

    public static SuiteResult Run(Scenario s, double energyStepWattHours, double powerStepWatts, bool withPerfect = true)
    {
        PolicyOutcome none = ScenarioPolicies.NoBattery(s);
        PolicyOutcome self = ScenarioPolicies.SelfConsumption(s);
        PolicyOutcome causal = ScenarioPolicies.Firmware(s, perfectForecast: false);
        PolicyOutcome perfect = withPerfect ? ScenarioPolicies.Firmware(s, perfectForecast: true) : causal;
        double optimum = ScenarioOptimum.Cost(s, energyStepWattHours, powerStepWatts);
        return new SuiteResult(s.Name, none, self, causal, perfect, optimum)
        {
            OptimumCapKilowatts = s.DemandChargePerKilowatt > 0 ? ScenarioOptimum.LastCapWatts / 1000 : double.NaN,
        };
    }

    /// <summary>key=value lines, each key prefixed by the scenario's name.</summary>
    public void Write(TextWriter output)
    {
        string k = Name;
        void Line(string key, double value, string format) =>
            output.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{k}_{key}={value.ToString(format, System.Globalization.CultureInfo.InvariantCulture)}"));
        Line("cost_no_battery", NoBattery.Cost, "F3");
        Line("cost_self_consumption", SelfConsumption.Cost, "F3");
        Line("cost_firmware_causal", FirmwareCausal.Cost, "F3");
        Line("cost_firmware_perfect", FirmwarePerfect.Cost, "F3");
        Line("cost_optimum", OptimumCost, "F3");
        Line("gap_causal_percent", 100 * Gap(FirmwareCausal.Cost, OptimumCost), "F2");
        Line("gap_perfect_percent", 100 * Gap(FirmwarePerfect.Cost, OptimumCost), "F2");
        Line("gap_self_consumption_percent", 100 * Gap(SelfConsumption.Cost, OptimumCost), "F2");
        Line("saving_captured_causal_percent", 100 * SavingCaptured(FirmwareCausal.Cost), "F1");
        Line("saving_captured_perfect_percent", 100 * SavingCaptured(FirmwarePerfect.Cost), "F1");
        Line("saving_captured_self_consumption_percent", 100 * SavingCaptured(SelfConsumption.Cost), "F1");
        Line("throughput_kwh_causal", FirmwareCausal.ThroughputKilowattHours, "F1");
        Line("cycles_causal", FirmwareCausal.EquivalentCycles, "F2");
        Line("throughput_kwh_self_consumption", SelfConsumption.ThroughputKilowattHours, "F1");
        Line("cycles_self_consumption", SelfConsumption.EquivalentCycles, "F2");
        Line("clipped_minutes_causal", FirmwareCausal.ClippedMinutes, "F0");
        Line("clipped_share_causal_percent", 100 * FirmwareCausal.ClippedShare, "F2");
        Line("peak_kw_causal", FirmwareCausal.PeakKilowatts, "F2");
        Line("peak_kw_perfect", FirmwarePerfect.PeakKilowatts, "F2");
        Line("peak_kw_no_battery", NoBattery.PeakKilowatts, "F2");
        if (!double.IsNaN(OptimumCapKilowatts))
        {
            Line("optimum_cap_kw", OptimumCapKilowatts, "F2");
        }

        Line("host_us_per_tick_causal", FirmwareCausal.HostMicrosecondsPerTick, "F1");
    }
}
