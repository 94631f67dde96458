namespace EdgeController.Hal.Simulation.Sensors;

/// <summary>
/// An ideal 12-bit ADC input: the pin voltage a test sets, quantised to counts of a given full
/// scale, with faults a test can switch on (a failed read, a value stuck where it was, a driver
/// that throws, and a read that never returns until the test releases it: a hung bus).
/// </summary>
public sealed class SimulatedAdcChannel : IAdcChannel
{
    private readonly double _fullScaleVolts;
    private readonly ManualResetEventSlim _released = new(initialState: true);
    private int _stuckCounts;

    /// <summary>Creates a channel whose MaxRawCounts reads at fullScaleVolts at the pin.</summary>
    public SimulatedAdcChannel(double fullScaleVolts, int resolutionBits = 12)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fullScaleVolts);
        _fullScaleVolts = fullScaleVolts;
        MaxRawCounts = (1 << resolutionBits) - 1;
    }

    /// <inheritdoc />
    public int MaxRawCounts { get; }

    /// <summary>The voltage at the pin, V.</summary>
    public double PinVolts { get; set; }

    /// <summary>The fault the channel shows now (NoAcknowledge and Timeout both fail the read).</summary>
    public SimulatedBusFault Fault { get; set; }

    /// <summary>Reads that have blocked in <see cref="Hang"/> so far.</summary>
    public int HungReads { get; private set; }

    /// <summary>From now on a read blocks its caller until <see cref="Release"/>.</summary>
    public void Hang() => _released.Reset();

    /// <summary>Lets blocked and later reads return again.</summary>
    public void Release() => _released.Set();

    /// <inheritdoc />
    public SensorStatus Read(out int rawCounts)
    {
        if (!_released.IsSet)
        {
            HungReads++;
            _released.Wait();
        }

        switch (Fault)
        {
            case SimulatedBusFault.DriverException:
                throw new InvalidOperationException("simulated driver failure");
            case SimulatedBusFault.NoAcknowledge:
            case SimulatedBusFault.Timeout:
                rawCounts = 0;
                return SensorStatus.Timeout;
            case SimulatedBusFault.StuckValue:
                rawCounts = _stuckCounts;
                return SensorStatus.Ok;
        }

        double counts = Math.Round(PinVolts / _fullScaleVolts * MaxRawCounts, MidpointRounding.AwayFromZero);
        rawCounts = (int)Math.Clamp(counts, 0, MaxRawCounts);
        _stuckCounts = rawCounts;
        return SensorStatus.Ok;
    }
}
