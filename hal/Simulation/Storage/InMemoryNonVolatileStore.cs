namespace EdgeController.Hal.Simulation.Storage;

/// <summary>
/// A flash store in RAM for tests, with a power cut a test can arm: the next write stops after
/// a chosen number of bytes and leaves the blob torn, as a device's flash would.
/// </summary>
public sealed class InMemoryNonVolatileStore : INonVolatileStore
{
    private readonly Dictionary<string, byte[]> _blobs = new(StringComparer.Ordinal);
    private int _cutAfterBytes = -1;

    /// <summary>Writes completed, torn ones included.</summary>
    public int WriteCount { get; private set; }

    /// <summary>Arms a power cut: the next write keeps only its first bytesWritten bytes, then throws.</summary>
    public void CutPowerDuringNextWrite(int bytesWritten)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytesWritten);
        _cutAfterBytes = bytesWritten;
    }

    /// <summary>A copy of a blob's bytes, or null.</summary>
    public byte[]? Peek(string name) => _blobs.TryGetValue(name, out byte[]? blob) ? (byte[])blob.Clone() : null;

    /// <summary>Overwrites a blob's raw bytes (to simulate damage).</summary>
    public void Poke(string name, byte[] content) => _blobs[name] = (byte[])content.Clone();

    /// <inheritdoc />
    public bool TryRead(string name, byte[] buffer, out int length)
    {
        if (!_blobs.TryGetValue(name, out byte[]? blob))
        {
            length = 0;
            return false;
        }

        if (blob.Length > buffer.Length)
        {
            length = -1;
            return false;
        }

        blob.CopyTo(buffer, 0);
        length = blob.Length;
        return true;
    }

    /// <inheritdoc />
    public void Write(string name, byte[] data, int length)
    {
        WriteCount++;
        if (_cutAfterBytes >= 0)
        {
            int kept = Math.Min(_cutAfterBytes, length);
            _cutAfterBytes = -1;
            _blobs[name] = data.AsSpan(0, kept).ToArray();
            throw new SimulatedPowerCutException(name, kept);
        }

        _blobs[name] = data.AsSpan(0, length).ToArray();
    }

    /// <inheritdoc />
    public void Delete(string name) => _blobs.Remove(name);
}
