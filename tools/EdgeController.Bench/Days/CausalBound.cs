using EdgeController.Hal.Simulation.Models;

namespace EdgeController.Bench.Days;

/// <summary>
/// How close any causal controller can come to the prescient optimum on a standard week (issue 16,
/// step 9). The standard days' load and PV are independent from one quarter hour to the next given
/// the time of day (bursts, jitter and clouds are drawn per quarter hour or faster), so the best
/// causal policy is a stochastic dynamic programme: at each quarter hour, the expected cost to go
/// over that quarter's distribution of net load, the battery answering the quarter it meets. The
/// distribution is the empirical one of 200 other days of the same weather and seed, so the bound
/// knows the generator exactly, which no device does. Both it and the prescient optimum it is
/// compared with run on the same model: quarter-hour energies, a 50 Wh grid of stored energy, the
/// standard site and TOU tariff, the end's energy at the off-peak price after losses. Between levels
/// the cost to go is read linearly, and the battery may also meet a quarter's net load exactly, so
/// that the grid's coarseness does not pass for a cost of not knowing.
/// </summary>
public static class CausalBound
{
    public const double StepWattHours = 50;

    public const int DistributionDays = 200;

    /// <summary>Far from the counted days and from the expected-day oracle's (1000 onwards).</summary>
    public const int DistributionFirstDay = 2000;

    private const int QuartersPerDay = 96;
    private const double QuarterHours = 0.25;
    private static readonly int Levels = (int)(DaysSite.CapacityWattHours / StepWattHours) + 1;
    private const double FloorWattHours = DaysSite.FloorFraction * DaysSite.CapacityWattHours;

    /// <summary>Cost of the policy that knows only the distribution, and of the one that knows the week.</summary>
    public sealed record Result(double CausalCost, double PrescientCost)
    {
        public double GapPercent => 100 * (CausalCost - PrescientCost) / Math.Abs(PrescientCost);
    }

    /// <summary>The bound on days counted after the standard warm-up, the distribution from distributionDays other days.</summary>
    public static Result Run(DayWeather weather, int days, int seed, int distributionDays = DistributionDays)
    {
        (double[] pv, double[] load) = DaysSite.Series(weather, DaysBenchmark.WarmupDays, days, seed);
        double[] net = QuarterNetWattHours(pv, load);
        (double[] samplePv, double[] sampleLoad) = DaysSite.Series(weather, DistributionFirstDay, distributionDays, seed);
        double[] sampleNet = QuarterNetWattHours(samplePv, sampleLoad);
        var distribution = new double[QuartersPerDay][];
        for (int slot = 0; slot < QuartersPerDay; slot++)
        {
            distribution[slot] = Enumerable.Range(0, distributionDays).Select(d => sampleNet[(d * QuartersPerDay) + slot]).ToArray();
        }

        int quarters = net.Length;
        double[] terminal = Enumerable.Range(0, Levels).Select(e => -DaysSite.TerminalValue(e * StepWattHours)).ToArray();
        double[][] expected = new double[quarters + 1][];
        expected[quarters] = terminal;
        double[] prescient = terminal;
        for (int t = quarters - 1; t >= 0; t--)
        {
            double[] slotSamples = distribution[t % QuartersPerDay];
            double importPrice = DaysSite.ImportPriceAtHour(t % QuartersPerDay / 4) / 1e6;
            var row = new double[Levels];
            var prescientRow = new double[Levels];
            for (int e = 0; e < Levels; e++)
            {
                double sum = 0;
                foreach (double sample in slotSamples)
                {
                    sum += Best(sample, e * StepWattHours, importPrice, expected[t + 1], out _);
                }

                row[e] = sum / slotSamples.Length;
                prescientRow[e] = Best(net[t], e * StepWattHours, importPrice, prescient, out _);
            }

            expected[t] = row;
            prescient = prescientRow;
        }

        double startWattHours = DaysSite.CapacityWattHours / 2;
        double stored = startWattHours;
        double cost = 0;
        for (int t = 0; t < quarters; t++)
        {
            double importPrice = DaysSite.ImportPriceAtHour(t % QuartersPerDay / 4) / 1e6;
            Best(net[t], stored, importPrice, expected[t + 1], out double next);
            cost += QuarterCost(net[t], stored, next, importPrice);
            stored = next;
        }

        return new Result(cost - DaysSite.TerminalValue(stored), Interpolate(prescient, startWattHours));
    }

    /// <summary>Each quarter hour's net load (load − PV), Wh, from one-minute means.</summary>
    public static double[] QuarterNetWattHours(double[] pv, double[] load)
    {
        var net = new double[pv.Length / 15];
        for (int t = 0; t < net.Length * 15; t++)
        {
            net[t / 15] += (load[t] - pv[t]) / 60;
        }

        return net;
    }

    /// <summary>
    /// The grid's cost of a quarter hour with a net load and the stored energy moving from one
    /// value to another (Wh), currency; +infinity where the battery's power, the floor or the
    /// capacity forbids it.
    /// </summary>
    public static double QuarterCost(double netWattHours, double fromWattHours, double toWattHours, double importPrice)
    {
        double storedChange = toWattHours - fromWattHours;
        double bus = storedChange >= 0 ? storedChange / DaysSite.ChargeEfficiency : storedChange * DaysSite.DischargeEfficiency;
        double limit = DaysSite.MaxBatteryWatts * QuarterHours;
        bool belowFloor = toWattHours < FloorWattHours - 1e-9 && storedChange < 0;
        if (Math.Abs(bus) > limit + 1e-9 || belowFloor || toWattHours > DaysSite.CapacityWattHours + 1e-9)
        {
            return double.PositiveInfinity;
        }

        double grid = netWattHours + bus;
        return grid >= 0
            ? grid / 1000 * importPrice
            : -Math.Min(-grid, DaysSite.ExportLimitWatts * QuarterHours) / 1000 * DaysSite.ExportMicrocurrency / 1e6;
    }

    /// <summary>
    /// The cheapest move from a stored energy: to any level within the battery's reach, or to
    /// wherever the battery meets the net load exactly (between levels), the cost to go read
    /// between levels linearly, as the minute optimum of the bench does.
    /// </summary>
    private static double Best(double netWattHours, double storedWattHours, double importPrice, double[] next, out double bestWattHours)
    {
        double reach = DaysSite.MaxBatteryWatts * QuarterHours / DaysSite.DischargeEfficiency;
        int low = Math.Max(0, (int)Math.Floor((storedWattHours - reach) / StepWattHours));
        int high = Math.Min(Levels - 1, (int)Math.Ceiling((storedWattHours + reach) / StepWattHours));
        double best = double.PositiveInfinity;
        double bestTo = storedWattHours;
        void Try(double to)
        {
            double cost = QuarterCost(netWattHours, storedWattHours, to, importPrice);
            if (double.IsPositiveInfinity(cost))
            {
                return;
            }

            cost += Interpolate(next, to);
            if (cost < best)
            {
                best = cost;
                bestTo = to;
            }
        }

        Try(storedWattHours);
        Try(Following(netWattHours, storedWattHours));
        for (int level = low; level <= high; level++)
        {
            Try(level * StepWattHours);
        }

        bestWattHours = bestTo;
        return best;
    }

    /// <summary>The stored energy after a quarter in which the battery meets the net load (charging from a surplus), within its limits.</summary>
    private static double Following(double netWattHours, double storedWattHours)
    {
        double limit = DaysSite.MaxBatteryWatts * QuarterHours;
        double bus = Math.Clamp(-netWattHours, -limit, limit);
        double to = bus >= 0 ? storedWattHours + (bus * DaysSite.ChargeEfficiency) : storedWattHours + (bus / DaysSite.DischargeEfficiency);
        return Math.Clamp(to, Math.Min(storedWattHours, FloorWattHours), DaysSite.CapacityWattHours);
    }

    private static double Interpolate(double[] values, double storedWattHours)
    {
        double position = Math.Clamp(storedWattHours / StepWattHours, 0, values.Length - 1);
        int below = Math.Min((int)position, values.Length - 2);
        return values[below] + ((position - below) * (values[below + 1] - values[below]));
    }

    /// <summary>Every weather over the seeds of <see cref="SeedSpread.Seeds"/>: each seed's bound, then the mean, worst and the seeds above the 2 % target.</summary>
    public static void Write(int count, int days, int publishedSeed, TextWriter output)
    {
        int[] seeds = SeedSpread.Seeds(count, publishedSeed);
        output.WriteLine(FormattableString.Invariant($"days_per_weather={days}"));
        output.WriteLine(FormattableString.Invariant($"seeds={string.Join(',', seeds)}"));
        foreach (DayWeather weather in new[] { DayWeather.Sunny, DayWeather.Cloudy, DayWeather.Winter })
        {
            string name = weather.ToString().ToLowerInvariant();
            var gaps = new List<double>();
            foreach (int seed in seeds)
            {
                Result r = Run(weather, days, seed);
                gaps.Add(r.GapPercent);
                output.WriteLine(FormattableString.Invariant(
                    $"{name}_seed_{seed}_bound_gap_percent={r.GapPercent:F2} cost_causal_bound={r.CausalCost:F4} cost_prescient={r.PrescientCost:F4}"));
            }

            output.WriteLine(FormattableString.Invariant($"{name}_bound_gap_percent_mean={gaps.Average():F2}"));
            output.WriteLine(FormattableString.Invariant($"{name}_bound_gap_percent_worst={gaps.Max():F2}"));
            output.WriteLine(FormattableString.Invariant($"{name}_seeds_above_target_bound={gaps.Count(g => g > SeedSpread.TargetGapPercent)}"));
        }
    }
}
