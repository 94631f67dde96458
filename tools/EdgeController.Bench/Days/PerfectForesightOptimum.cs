namespace EdgeController.Bench.Days;

/// <summary>
/// The offline optimum with perfect foresight: dynamic programming over stored energy (a 20 Wh
/// grid, value interpolated linearly between grid points) backward over every minute, with the
/// battery power chosen from a 250 W ladder plus the two powers a rule would pick (follow the net
/// load; stay idle), so the optimum can do at least what self-consumption does. Minute costs
/// use the same tariff and efficiencies as the policies; the end is valued by
/// <see cref="DaysSite.TerminalValue"/>.
/// </summary>
public static class PerfectForesightOptimum
{
    private const double EnergyStepWattHours = 20;
    private const double PowerStepWatts = 250;

    /// <summary>The lowest net cost reachable from an initial stored energy, currency.</summary>
    public static double Cost(double[] pv, double[] load, double initialWattHours)
    {
        int levels = (int)(DaysSite.CapacityWattHours / EnergyStepWattHours) + 1;
        int floorLevel = (int)Math.Ceiling(DaysSite.FloorFraction * DaysSite.CapacityWattHours / EnergyStepWattHours);
        var next = new double[levels];
        var current = new double[levels];
        for (int e = 0; e < levels; e++)
        {
            next[e] = -DaysSite.TerminalValue(e * EnergyStepWattHours);
        }

        int ladder = (int)(DaysSite.MaxBatteryWatts / PowerStepWatts);
        var candidates = new double[(2 * ladder) + 3];
        for (int t = pv.Length - 1; t >= 0; t--)
        {
            int minuteOfDay = t % DaysSite.MinutesPerDay;
            double net = load[t] - pv[t];
            int count = 0;
            for (int k = -ladder; k <= ladder; k++)
            {
                candidates[count++] = k * PowerStepWatts;
            }

            candidates[count++] = Math.Clamp(net, -DaysSite.MaxBatteryWatts, DaysSite.MaxBatteryWatts);
            candidates[count++] = 0;
            for (int e = 0; e < levels; e++)
            {
                double stored = e * EnergyStepWattHours;
                double best = double.PositiveInfinity;
                for (int c = 0; c < count; c++)
                {
                    double batteryWatts = candidates[c];
                    double after = batteryWatts >= 0
                        ? stored - (batteryWatts / 60.0 / DaysSite.DischargeEfficiency)
                        : stored - (batteryWatts / 60.0 * DaysSite.ChargeEfficiency);
                    if (after < (floorLevel * EnergyStepWattHours) - 1e-9 && batteryWatts > 0)
                    {
                        continue;
                    }

                    if (after > DaysSite.CapacityWattHours + 1e-9)
                    {
                        continue;
                    }

                    double grid = net - batteryWatts;
                    if (grid < -DaysSite.ExportLimitWatts)
                    {
                        // PV beyond the export limit is curtailed: it earns nothing.
                        grid = -DaysSite.ExportLimitWatts;
                    }

                    double cost = DaysSite.MinuteCost(minuteOfDay, grid) + Interpolate(next, after);
                    best = Math.Min(best, cost);
                }

                current[e] = best;
            }

            (next, current) = (current, next);
        }

        return Interpolate(next, initialWattHours);
    }

    private static double Interpolate(double[] values, double storedWattHours)
    {
        double position = Math.Clamp(storedWattHours / EnergyStepWattHours, 0, values.Length - 1);
        int low = Math.Min((int)position, values.Length - 2);
        double fraction = position - low;
        return values[low] + (fraction * (values[low + 1] - values[low]));
    }
}
