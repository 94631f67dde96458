namespace EdgeController.Hal
{
    /// <summary>One analog input channel: reads one raw sample. Scaling to volts happens in Core.</summary>
    public interface IAdcChannel
    {
        /// <summary>The largest raw value the converter returns (4095 for a 12-bit ADC).</summary>
        int MaxRawCounts { get; }

        /// <summary>Takes one sample.</summary>
        /// <param name="rawCounts">The raw converter output, 0..<see cref="MaxRawCounts"/>.</param>
        SensorStatus Read(out int rawCounts);
    }
}
