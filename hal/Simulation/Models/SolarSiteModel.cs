namespace EdgeController.Hal.Simulation.Models;

/// <summary>
/// A small PV + load site for the simulator: PV follows a clear-sky half-sine between sunrise
/// and sunset with passing clouds, the load a household profile with morning and evening peaks,
/// both with reproducible noise from a seed. The grid makes up the difference (positive =
/// import). Powers in watts: this is the physical world, not the firmware.
/// </summary>
public sealed class SolarSiteModel
{
    private readonly double _pvPeakWatts;
    private readonly double _loadBaseWatts;
    private readonly int _seed;

    /// <summary>Creates a site.</summary>
    public SolarSiteModel(double pvPeakWatts, double loadBaseWatts, int seed)
    {
        _pvPeakWatts = pvPeakWatts;
        _loadBaseWatts = loadBaseWatts;
        _seed = seed;
    }

    /// <summary>PV output at a time of day (seconds since local midnight), W.</summary>
    public double PvWatts(double secondsOfDay)
    {
        const double sunriseSeconds = 6 * 3600;
        const double sunsetSeconds = 18 * 3600;
        if (secondsOfDay <= sunriseSeconds || secondsOfDay >= sunsetSeconds)
        {
            return 0;
        }

        double clearSky = _pvPeakWatts * Math.Sin(Math.PI * (secondsOfDay - sunriseSeconds) / (sunsetSeconds - sunriseSeconds));
        // Clouds: a slow pseudo-random attenuation that changes every five minutes.
        double cloud = 0.55 + (0.45 * Noise((long)(secondsOfDay / 300), 1));
        return Math.Max(0, clearSky * cloud);
    }

    /// <summary>Household load at a time of day, W.</summary>
    public double LoadWatts(double secondsOfDay)
    {
        double hour = secondsOfDay / 3600.0;
        double morningPeak = 0.8 * Math.Exp(-Math.Pow((hour - 7.5) / 1.2, 2));
        double eveningPeak = 1.4 * Math.Exp(-Math.Pow((hour - 19.5) / 1.8, 2));
        double jitter = 0.15 * ((2 * Noise((long)secondsOfDay, 2)) - 1);
        return _loadBaseWatts * (1 + morningPeak + eveningPeak + jitter);
    }

    /// <summary>A reproducible value in [0, 1) for an integer step and a stream.</summary>
    private double Noise(long step, int stream)
    {
        ulong x = unchecked((ulong)step * 0x9E3779B97F4A7C15UL) ^ ((ulong)_seed << 17) ^ ((ulong)stream << 41);
        x ^= x >> 33;
        x = unchecked(x * 0xFF51AFD7ED558CCDUL);
        x ^= x >> 33;
        x = unchecked(x * 0xC4CEB93FE51A87D3UL);
        x ^= x >> 33;
        return (x >> 11) * (1.0 / (1UL << 53));
    }
}
