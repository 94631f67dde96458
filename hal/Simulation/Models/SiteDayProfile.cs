namespace EdgeController.Hal.Simulation.Models;

/// <summary>
/// PV and load of a household site through a day, for a kind of day, reproducible from a seed
/// and the day's index: PV is a clear-sky half-sine between sunrise and sunset times a cloud
/// factor that changes every five minutes, plus a little fast noise; the load is a base with
/// morning and evening peaks, minute-to-minute jitter and appliance bursts (a kettle, an oven).
/// Powers in watts, time in seconds since local midnight.
/// </summary>
public sealed class SiteDayProfile
{
    private const double SecondsPerHour = 3600;
    private const int CloudPeriodSeconds = 300;
    private const int JitterPeriodSeconds = 60;
    private readonly double _pvPeakWatts;
    private readonly double _loadBaseWatts;
    private readonly int _seed;

    /// <summary>Creates a profile for a site.</summary>
    public SiteDayProfile(double pvPeakWatts, double loadBaseWatts, int seed)
    {
        _pvPeakWatts = pvPeakWatts;
        _loadBaseWatts = loadBaseWatts;
        _seed = seed;
    }

    /// <summary>PV output, W.</summary>
    public double PvWatts(int day, DayWeather weather, double secondsOfDay)
    {
        (double sunriseHour, double sunsetHour, double peakFraction) = weather switch
        {
            DayWeather.Winter => (8.0, 16.5, 0.45),
            _ => (5.5, 20.0, 1.0),
        };
        double hour = secondsOfDay / SecondsPerHour;
        if (hour <= sunriseHour || hour >= sunsetHour)
        {
            return 0;
        }

        // A sine raised to 1.5 is closer to a real clear-sky curve than a plain half-sine (steeper mornings and evenings).
        double clearSky = _pvPeakWatts * peakFraction * Math.Pow(Math.Sin(Math.PI * (hour - sunriseHour) / (sunsetHour - sunriseHour)), 1.5);
        double cloudNoise = Noise(day, (long)(secondsOfDay / CloudPeriodSeconds), 1);
        double cloud = weather switch
        {
            DayWeather.Sunny => 0.93 + (0.07 * cloudNoise),
            DayWeather.Cloudy => 0.2 + (0.7 * cloudNoise),
            _ => 0.6 + (0.4 * cloudNoise),
        };
        double flicker = 1 + (0.02 * ((2 * Noise(day, (long)secondsOfDay, 2)) - 1));
        return Math.Max(0, clearSky * cloud * flicker);
    }

    /// <summary>Household load, W.</summary>
    public double LoadWatts(int day, DayWeather weather, double secondsOfDay)
    {
        double hour = secondsOfDay / SecondsPerHour;
        double seasonFactor = weather == DayWeather.Winter ? 1.35 : 1.0;
        double morningPeak = 0.9 * Math.Exp(-Math.Pow((hour - 7.5) / 1.1, 2));
        double eveningPeak = 1.6 * Math.Exp(-Math.Pow((hour - 19.5) / 1.7, 2));
        double jitter = 0.2 * ((2 * Noise(day, (long)(secondsOfDay / JitterPeriodSeconds), 3)) - 1);
        double watts = _loadBaseWatts * seasonFactor * (1 + morningPeak + eveningPeak + jitter);

        // Appliance bursts: in each quarter hour, a one-in-six chance of a 2 kW burst lasting 3 to 8 minutes.
        long quarter = (long)(secondsOfDay / 900);
        if (Noise(day, quarter, 4) < 1.0 / 6)
        {
            double start = (quarter * 900) + (600 * Noise(day, quarter, 5));
            double length = 180 + (300 * Noise(day, quarter, 6));
            if (secondsOfDay >= start && secondsOfDay < start + length)
            {
                watts += 2000;
            }
        }

        return watts;
    }

    /// <summary>A reproducible value in [0, 1) for a day, an integer step and a stream.</summary>
    private double Noise(int day, long step, int stream)
    {
        ulong x = unchecked(((ulong)step * 0x9E3779B97F4A7C15UL) ^ ((ulong)_seed << 17) ^ ((ulong)stream << 41) ^ ((ulong)day * 0xD1B54A32D192ED03UL));
        x ^= x >> 33;
        x = unchecked(x * 0xFF51AFD7ED558CCDUL);
        x ^= x >> 33;
        x = unchecked(x * 0xC4CEB93FE51A87D3UL);
        x ^= x >> 33;
        return (x >> 11) * (1.0 / (1UL << 53));
    }
}
