namespace EdgeController.Hal.Simulation;

/// <summary>A seeded generator for jitter: the same seed gives the same run.</summary>
public sealed class SeededRandomSource(int seed) : IRandomSource
{
    private readonly Random _random = new(seed);

    /// <inheritdoc />
    public int Next(int maxExclusive) => maxExclusive <= 0 ? 0 : _random.Next(maxExclusive);
}
