using EdgeController.Bench.Days;

namespace EdgeController.Bench.Scenarios;

/// <summary>
/// The offline optimum with perfect foresight of a scenario: dynamic programming backward over
/// every minute on a grid of stored energy (value interpolated linearly between points), the
/// battery power chosen from a ladder plus follow-the-net-load, idle and import-at-the-cap.
/// Export beyond the limit, and PV exported while the export price is negative, are curtailed
/// (the optimum curtails PV rather than pay to export it). Under a demand charge an outer
/// golden-section search picks the cap on import C minimising energy cost (with import held at
/// or below C every minute) + charge x C; holding the cap minute by minute is a little stricter
/// than the 15-minute mean that is billed, so this optimum is an upper bound there (it can
/// be beaten slightly).
/// </summary>
public static class ScenarioOptimum
{
    /// <summary>Cost per W of import above the cap per minute, currency: makes the cap hard wherever it can be held.</summary>
    private const double CapPenaltyPerWattMinute = 1.0;

    public static double Cost(Scenario s, double energyStepWattHours, double powerStepWatts)
    {
        if (s.DemandChargePerKilowatt <= 0)
        {
            return EnergyCost(s, double.PositiveInfinity, energyStepWattHours, powerStepWatts);
        }

        double low = 0;
        double high = 0;
        for (int t = 0; t < s.Minutes; t++)
        {
            high = Math.Max(high, s.Load[t] - s.Pv[t]);
        }

        double Total(double cap) => EnergyCost(s, cap, energyStepWattHours, powerStepWatts) + (s.DemandChargePerKilowatt * cap / 1000);
        double ratio = (Math.Sqrt(5) - 1) / 2;
        double a = high - (ratio * (high - low));
        double b = low + (ratio * (high - low));
        double fa = Total(a);
        double fb = Total(b);
        while (high - low > 50)
        {
            if (fa < fb)
            {
                high = b;
                b = a;
                fb = fa;
                a = high - (ratio * (high - low));
                fa = Total(a);
            }
            else
            {
                low = a;
                a = b;
                fa = fb;
                b = low + (ratio * (high - low));
                fb = Total(b);
            }
        }

        LastCapWatts = fa < fb ? a : b;
        return Math.Min(fa, fb);
    }

    /// <summary>The cap the last demand-charge search chose, W.</summary>
    public static double LastCapWatts { get; private set; }

    /// <summary>Lowest energy cost (less the end's value) holding import at or below capWatts.</summary>
    public static double EnergyCost(Scenario s, double capWatts, double energyStepWattHours, double powerStepWatts)
    {
        int levels = (int)(DaysSite.CapacityWattHours / energyStepWattHours) + 1;
        double floor = DaysSite.FloorFraction * DaysSite.CapacityWattHours;
        var next = new double[levels];
        var current = new double[levels];
        for (int e = 0; e < levels; e++)
        {
            next[e] = -ScenarioCost.TerminalValue(s, e * energyStepWattHours);
        }

        int ladder = (int)(DaysSite.MaxBatteryWatts / powerStepWatts);
        var candidates = new double[(2 * ladder) + 4];
        for (int t = s.Minutes - 1; t >= 0; t--)
        {
            double net = s.Load[t] - s.Pv[t];
            double pv = s.Pv[t];
            double importPrice = s.ImportPrice[t];
            double exportPrice = s.ExportPrice[t];
            int count = 0;
            for (int k = -ladder; k <= ladder; k++)
            {
                candidates[count++] = k * powerStepWatts;
            }

            candidates[count++] = Math.Clamp(net, -DaysSite.MaxBatteryWatts, DaysSite.MaxBatteryWatts);
            candidates[count++] = 0;
            if (!double.IsPositiveInfinity(capWatts))
            {
                candidates[count++] = Math.Clamp(net - capWatts, -DaysSite.MaxBatteryWatts, DaysSite.MaxBatteryWatts);
            }

            for (int e = 0; e < levels; e++)
            {
                double stored = e * energyStepWattHours;
                double best = double.PositiveInfinity;
                for (int c = 0; c < count; c++)
                {
                    double batteryWatts = candidates[c];
                    double after = batteryWatts >= 0
                        ? stored - (batteryWatts / 60.0 / DaysSite.DischargeEfficiency)
                        : stored - (batteryWatts / 60.0 * DaysSite.ChargeEfficiency);
                    if ((after < floor - 1e-9 && batteryWatts > 0) || after > DaysSite.CapacityWattHours + 1e-9)
                    {
                        continue;
                    }

                    double grid = net - batteryWatts;
                    double cost;
                    if (grid >= 0)
                    {
                        cost = grid / 60000.0 * importPrice;
                        if (grid > capWatts)
                        {
                            cost += (grid - capWatts) * CapPenaltyPerWattMinute;
                        }
                    }
                    else
                    {
                        double exported = Math.Min(-grid, DaysSite.ExportLimitWatts);
                        if (exportPrice < 0)
                        {
                            exported = Math.Max(0, exported - pv);
                        }

                        cost = -exported / 60000.0 * exportPrice;
                    }

                    cost += Interpolate(next, after, energyStepWattHours);
                    best = Math.Min(best, cost);
                }

                current[e] = best;
            }

            (next, current) = (current, next);
        }

        return Interpolate(next, s.InitialWattHours, energyStepWattHours);
    }

    private static double Interpolate(double[] values, double storedWattHours, double step)
    {
        double position = Math.Clamp(storedWattHours / step, 0, values.Length - 1);
        int low = Math.Min((int)position, values.Length - 2);
        double fraction = position - low;
        return values[low] + (fraction * (values[low + 1] - values[low]));
    }
}
