using System.Security.Cryptography;

namespace EdgeController.Hal.Simulation.Platform;

/// <summary>The host OS's cryptographic random number generator.</summary>
public sealed class OperatingSystemRandomSource : IRandomSource
{
    /// <inheritdoc />
    public void Fill(byte[] buffer) => RandomNumberGenerator.Fill(buffer);
}
