namespace EdgeController.Hal.Simulation.Sensors;

/// <summary>
/// What a real converter does to a true value: a gain error (a shunt 1 % off its nominal value
/// reads every current 1 % high), an offset, Gaussian noise and quantisation to whole units.
/// Reproducible from a seed.
/// </summary>
public sealed class NoisyMeasurement
{
    private readonly double _gain;
    private readonly double _offset;
    private readonly double _noiseSigma;
    private readonly Random _random;

    /// <summary>Creates a measurement: reading = round(true * (1 + gainError) + offset + N(0, sigma)).</summary>
    public NoisyMeasurement(double gainError, double offset, double noiseSigma, int seed)
    {
        _gain = 1 + gainError;
        _offset = offset;
        _noiseSigma = noiseSigma;
        _random = new Random(seed);
    }

    /// <summary>One reading of a true value, in the same unit, rounded to an integer.</summary>
    public int Read(double trueValue)
    {
        double reading = (trueValue * _gain) + _offset + (_noiseSigma * StandardNormal());
        return (int)Math.Round(Math.Clamp(reading, int.MinValue, int.MaxValue));
    }

    private double StandardNormal()
    {
        // Box-Muller: two uniforms to one standard normal; 1 - u keeps the logarithm finite.
        double u1 = 1.0 - _random.NextDouble();
        double u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
