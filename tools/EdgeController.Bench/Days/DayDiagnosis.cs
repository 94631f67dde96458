using EdgeController.Bench.Scenarios;
using EdgeController.Hal.Simulation.Models;

namespace EdgeController.Bench.Days;

/// <summary>
/// Where a policy's cost differs from the optimum's on a standard week (issue 16): the
/// optimum's own trajectory (its value function kept minute by minute, then followed forward)
/// against the firmware's (perfect or causal forecast), as energy per price band and stored
/// energy at the band edges, day by day.
/// </summary>
public static class DayDiagnosis
{
    public static void Write(DayWeather weather, int seed, int days, bool perfect, TextWriter output) =>
        Write(ScenarioSuites.StandardDays(weather, days, seed), perfect, output);

    /// <summary>The same, day by day, on any scenario that starts at midnight (the household weeks).</summary>
    public static void Write(Scenario s, bool perfect, TextWriter output)
    {
        int days = s.Minutes / 1440;
        var optimum = OptimumTrace(s, 20, 250);
        var firmware = new (double Grid, double Battery, double Stored)[s.Minutes];
        ScenarioPolicies.MinuteTrace = (t, g, b, e) => firmware[t] = (g, b, e);
        PolicyOutcome outcome = ScenarioPolicies.Firmware(s, perfect);
        ScenarioPolicies.MinuteTrace = null;
        output.WriteLine(FormattableString.Invariant($"cost_firmware={outcome.Cost:F3}"));
        int[] edges = [0, 5 * 60, 7 * 60, 10 * 60, 13 * 60, 17 * 60, 21 * 60, 24 * 60];
        for (int d = 0; d < days; d++)
        {
            foreach (var (name, trace) in new[] { ("opt", optimum), ("fw ", firmware) })
            {
                var line = new System.Text.StringBuilder();
                line.Append(FormattableString.Invariant($"day {d} {name}"));
                double dayCost = 0;
                for (int b = 0; b + 1 < edges.Length; b++)
                {
                    double import = 0;
                    double export = 0;
                    for (int m = edges[b]; m < edges[b + 1]; m++)
                    {
                        int t = (d * 1440) + m;
                        double g = trace[t].Grid;
                        if (g > 0)
                        {
                            import += g / 60000;
                        }
                        else
                        {
                            export -= g / 60000;
                        }

                        dayCost += g / 60000 * (g > 0 ? s.ImportPrice[t] : s.ExportPrice[t]);
                    }

                    double storedAtEnd = trace[(d * 1440) + edges[b + 1] - 1].Stored / 1000;
                    line.Append(FormattableString.Invariant($" | {edges[b] / 60,2}h +{import:F2} -{export:F2} e{storedAtEnd:F2}"));
                }

                line.Append(FormattableString.Invariant($" | cost {dayCost:F3}"));
                output.WriteLine(line.ToString());
            }
        }
    }

    /// <summary>The optimum's trajectory: the backward pass of <see cref="ScenarioOptimum"/> with every minute's row kept, then followed.</summary>
    private static (double Grid, double Battery, double Stored)[] OptimumTrace(Scenario s, double energyStep, double powerStep)
    {
        int levels = (int)(DaysSite.CapacityWattHours / energyStep) + 1;
        double floor = DaysSite.FloorFraction * DaysSite.CapacityWattHours;
        var rows = new double[s.Minutes + 1][];
        rows[s.Minutes] = new double[levels];
        for (int e = 0; e < levels; e++)
        {
            rows[s.Minutes][e] = -ScenarioCost.TerminalValue(s, e * energyStep);
        }

        int ladder = (int)(DaysSite.MaxBatteryWatts / powerStep);
        for (int t = s.Minutes - 1; t >= 0; t--)
        {
            rows[t] = new double[levels];
            for (int e = 0; e < levels; e++)
            {
                rows[t][e] = Best(s, t, e * energyStep, rows[t + 1], energyStep, ladder, powerStep, floor, out _);
            }
        }

        var trace = new (double, double, double)[s.Minutes];
        double stored = s.InitialWattHours;
        for (int t = 0; t < s.Minutes; t++)
        {
            Best(s, t, stored, rows[t + 1], energyStep, ladder, powerStep, floor, out double battery);
            stored = ScenarioCost.Apply(stored, battery);
            trace[t] = (s.Load[t] - s.Pv[t] - battery, battery, stored);
        }

        return trace;
    }

    private static double Best(Scenario s, int t, double stored, double[] next, double step, int ladder, double powerStep, double floor, out double bestBattery)
    {
        double net = s.Load[t] - s.Pv[t];
        double best = double.PositiveInfinity;
        bestBattery = 0;
        for (int c = -ladder; c <= ladder + 2; c++)
        {
            double battery = c <= ladder ? c * powerStep : (c == ladder + 1 ? Math.Clamp(net, -DaysSite.MaxBatteryWatts, DaysSite.MaxBatteryWatts) : 0);
            double after = ScenarioCost.Apply(stored, battery);
            if ((after < floor - 1e-9 && battery > 0) || after > DaysSite.CapacityWattHours + 1e-9)
            {
                continue;
            }

            double grid = net - battery;
            double cost = grid >= 0
                ? grid / 60000.0 * s.ImportPrice[t]
                : -Math.Min(-grid, DaysSite.ExportLimitWatts) / 60000.0 * s.ExportPrice[t];
            double position = Math.Clamp(after / step, 0, next.Length - 1);
            int low = Math.Min((int)position, next.Length - 2);
            cost += next[low] + ((position - low) * (next[low + 1] - next[low]));
            if (cost < best)
            {
                best = cost;
                bestBattery = battery;
            }
        }

        return best;
    }
}
