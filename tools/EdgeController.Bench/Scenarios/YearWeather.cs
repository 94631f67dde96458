using EdgeController.Simulator.Tariffs;

namespace EdgeController.Bench.Scenarios;

/// <summary>
/// A seeded year of weather and load at one-minute steps for the standard site (2.5 kWp at
/// latitude 48° N, a household of about 15 kWh a day in summer to 23 in winter).
/// <list type="bullet">
/// <item>PV: a clear-sky model (solar elevation from declination and hour angle; clear-sky
/// irradiance 1000 W/m² x sin(elevation)^1.15 with air-mass damping) times a cloud factor.</item>
/// <item>Clouds: each day's state (clear, broken, overcast) follows a Markov chain from the day
/// before (clear stays clear with 0.6, overcast with 0.5; summer leans to clear, winter to
/// overcast); within a broken day a two-state Markov chain per minute switches sun and shade
/// (0.08 a minute, transmittance 1.0 vs 0.25..0.45); overcast transmits 0.15..0.35.</item>
/// <item>Load: a base of 300 W, morning and evening peaks, scaled by season (winter 1.45 x, peak
/// mid-January), AR(1) noise of 8 % and appliance bursts (2 kW kettle and 2.5 kW oven at random minutes).</item>
/// </list>
/// Deterministic for a seed (System.Random with a seed).
/// </summary>
public static class YearWeather
{
    public const int DaysPerYear = 365;
    private const double LatitudeDegrees = 48;

    /// <summary>PV and load, W per minute, and each day's sky, for days [0, days) of a year from Jan 1.</summary>
    public static (double[] Pv, double[] Load, DaySky[] Skies) Generate(int days, int seed, int firstDayOfYear = 0)
    {
        var random = new Random(seed);
        var pv = new double[days * 1440];
        var load = new double[days * 1440];
        var skies = new DaySky[days];
        DaySky sky = DaySky.Broken;
        double noise = 0;
        bool sunny = true;
        for (int d = 0; d < days; d++)
        {
            int dayOfYear = (firstDayOfYear + d) % DaysPerYear;
            double summer = Math.Cos(2 * Math.PI * (dayOfYear - 172) / DaysPerYear); // +1 at the solstice in June
            sky = NextSky(sky, summer, random);
            skies[d] = sky;
            double overcast = 0.15 + (0.2 * random.NextDouble());
            double shade = 0.25 + (0.2 * random.NextDouble());
            double season = 1 + (0.225 * (1 - Math.Cos(2 * Math.PI * (dayOfYear - 196) / DaysPerYear))) ; // 1.0 in mid-July, 1.45 mid-January
            double declination = 23.45 * Math.PI / 180 * Math.Sin(2 * Math.PI * (284 + dayOfYear) / DaysPerYear);
            double latitude = LatitudeDegrees * Math.PI / 180;
            int kettle = random.Next(360, 540);
            int oven = random.Next(1020, 1200);
            for (int m = 0; m < 1440; m++)
            {
                double hourAngle = ((m / 60.0) - 12.5) * 15 * Math.PI / 180;
                double sinElevation = (Math.Sin(latitude) * Math.Sin(declination)) + (Math.Cos(latitude) * Math.Cos(declination) * Math.Cos(hourAngle));
                double clearSky = sinElevation <= 0 ? 0 : Math.Pow(sinElevation, 1.15) * Math.Exp(-0.09 / Math.Max(sinElevation, 0.05));
                if (random.NextDouble() < 0.08)
                {
                    sunny = !sunny;
                }

                double transmittance = sky switch
                {
                    DaySky.Clear => 0.97 + (0.03 * random.NextDouble()),
                    DaySky.Broken => sunny ? 1.0 : shade,
                    _ => overcast,
                };
                pv[(d * 1440) + m] = Math.Max(0, Days.DaysSite.PvPeakWatts * 1.05 * clearSky * transmittance);

                double hour = m / 60.0;
                double shape = 1 + (1.0 * Math.Exp(-Math.Pow((hour - 7.5) / 1.1, 2))) + (1.8 * Math.Exp(-Math.Pow((hour - 19.5) / 1.8, 2)));
                noise = (0.95 * noise) + (0.08 * Math.Sqrt(1 - (0.95 * 0.95)) * NextGaussian(random));
                double watts = 300 * shape * season * (1 + noise);
                if (m >= kettle && m < kettle + 3)
                {
                    watts += 2000;
                }

                if (m >= oven && m < oven + 40)
                {
                    watts += 2500 * (m % 4 == 0 ? 0.4 : 1.0);
                }

                load[(d * 1440) + m] = Math.Max(80, watts);
            }
        }

        return (pv, load, skies);
    }

    private static DaySky NextSky(DaySky previous, double summer, Random random)
    {
        double u = random.NextDouble();
        double lean = 0.15 * summer; // summer: more clear days; winter: more overcast
        (double clear, double broken) = previous switch
        {
            DaySky.Clear => (0.6 + lean, 0.3),
            DaySky.Broken => (0.35 + lean, 0.4),
            _ => (0.15 + lean, 0.35),
        };
        return u < clear ? DaySky.Clear : (u < clear + broken ? DaySky.Broken : DaySky.Overcast);
    }

    private static double NextGaussian(Random random)
    {
        double u1 = 1 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
