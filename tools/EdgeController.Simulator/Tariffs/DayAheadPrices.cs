namespace EdgeController.Simulator.Tariffs;

/// <summary>
/// Seeded day-ahead prices for a year, per minute (constant within each hour, or each quarter
/// hour), currency per kWh. The spot price of an hour is a seasonal level (0.09 in summer to
/// 0.14 in winter) times a daily shape (night 0.75, morning 1.15 at 07-09, evening peak 1.7 at
/// 17-21), lowered at midday by the day's sun (a clear day takes 0.10 off 10-16 h, broken 0.05),
/// with noise (s.d. 0.012 per hour; quarter hours add their own 0.01 and a ramp toward the next
/// hour). On clear weekends the midday spot goes negative (-0.02 to -0.08). Import pays spot +
/// 0.12 of grid fees and taxes; export earns the spot price, whatever its sign, so exporting
/// at a negative price costs money and PV should be curtailed. The bench's year suites and
/// `ec-sim --day-ahead` share it.
/// </summary>
public static class DayAheadPrices
{
    public const double ImportFeesPerKilowattHour = 0.12;

    private const int DaysPerYear = 365;

    public static (double[] Import, double[] Export) Generate(DaySky[] skies, int stepMinutes, int seed, int firstDayOfYear = 0)
    {
        var random = new Random(seed ^ 0x5eed);
        int days = skies.Length;
        var spotHourly = new double[(days * 24) + 1];
        for (int d = 0; d < days; d++)
        {
            int dayOfYear = (firstDayOfYear + d) % DaysPerYear;
            double level = 0.115 + (0.025 * Math.Cos(2 * Math.PI * (dayOfYear - 15) / DaysPerYear));
            bool weekend = d % 7 >= 5;
            double sunDip = skies[d] switch { DaySky.Clear => 0.10, DaySky.Broken => 0.05, _ => 0.0 };
            double negative = 0.02 + (0.06 * random.NextDouble());
            for (int h = 0; h < 24; h++)
            {
                double shape = h < 6 ? 0.75 : (h < 7 ? 0.9 : (h < 9 ? 1.15 : (h < 17 ? 1.0 : (h < 21 ? 1.7 : 1.0))));
                double spot = (level * shape) + (0.012 * Gaussian(random));
                if (h >= 10 && h < 16)
                {
                    spot -= sunDip * Math.Sin(Math.PI * (h - 9.5) / 7);
                    if (weekend && skies[d] == DaySky.Clear && h >= 11 && h < 15)
                    {
                        spot = -negative + (0.005 * Gaussian(random));
                    }
                }

                spotHourly[(d * 24) + h] = spot;
            }
        }

        spotHourly[days * 24] = spotHourly[(days * 24) - 1];
        var import = new double[days * 1440];
        var export = new double[days * 1440];
        for (int hourIndex = 0; hourIndex < days * 24; hourIndex++)
        {
            for (int quarter = 0; quarter < 4; quarter++)
            {
                double spot = spotHourly[hourIndex];
                if (stepMinutes == 15)
                {
                    double ramp = (spotHourly[hourIndex + 1] - spot) * ((quarter - 1.5) / 4);
                    spot += ramp + (0.01 * Gaussian(random));
                }

                for (int m = 0; m < 15; m++)
                {
                    int t = (hourIndex * 60) + (quarter * 15) + m;
                    import[t] = Math.Round(spot + ImportFeesPerKilowattHour, 5);
                    export[t] = Math.Round(spot, 5);
                }
            }
        }

        return (import, export);
    }

    private static double Gaussian(Random random)
    {
        double u1 = 1 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
