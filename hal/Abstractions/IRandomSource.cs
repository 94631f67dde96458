namespace EdgeController.Hal
{
    /// <summary>
    /// Random integers for jitter (the ESP32's hardware RNG on the device, a seeded generator in
    /// tests so a run repeats). Not for keys.
    /// </summary>
    public interface IRandomSource
    {
        /// <summary>A value in [0, maxExclusive); 0 when maxExclusive is 0 or less.</summary>
        int Next(int maxExclusive);
    }
}
