namespace EdgeController.Hal.Simulation.Storage;

/// <summary>Thrown by a simulated store when an armed power cut interrupts a write.</summary>
public sealed class SimulatedPowerCutException(string blobName, int bytesWritten)
    : IOException($"power cut while writing '{blobName}' after {bytesWritten} bytes")
{
    /// <summary>The blob that was being written.</summary>
    public string BlobName { get; } = blobName;

    /// <summary>How many bytes reached the store.</summary>
    public int BytesWritten { get; } = bytesWritten;
}
