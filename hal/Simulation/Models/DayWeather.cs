namespace EdgeController.Hal.Simulation.Models;

/// <summary>The standard days of the benchmarks.</summary>
public enum DayWeather
{
    /// <summary>Summer, clear sky: long day, full irradiance, a few thin clouds.</summary>
    Sunny,

    /// <summary>Summer, broken clouds: irradiance jumps between 20 % and 90 % of clear sky every few minutes.</summary>
    Cloudy,

    /// <summary>Winter: short day, low sun (about 45 % of the summer peak), some cloud, more load.</summary>
    Winter,
}
