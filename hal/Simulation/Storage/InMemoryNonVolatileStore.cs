namespace EdgeController.Hal.Simulation.Storage;

/// <summary>
/// A flash store in RAM for tests, with a power cut a test can arm: the next write or append
/// stops after a chosen number of bytes and leaves the blob torn, as a device's flash would
/// (a torn Write leaves the first bytes of the new content; a torn Append leaves the old content
/// and the first bytes appended). A cut can also be armed at a byte of all the writes to come
/// (<see cref="CutPowerAfterTotalBytes"/>), so a test can cut at every byte of a whole scenario.
/// </summary>
public sealed class InMemoryNonVolatileStore : INonVolatileStore
{
    private readonly Dictionary<string, byte[]> _blobs = new(StringComparer.Ordinal);
    private int _cutAfterBytes = -1;
    private long _cutAfterTotalBytes = -1;

    /// <summary>Writes completed, torn ones included (appends are counted in <see cref="AppendCount"/>).</summary>
    public int WriteCount { get; private set; }

    /// <summary>Appends completed, torn ones included.</summary>
    public int AppendCount { get; private set; }

    /// <summary>Bytes that reached the store through writes and appends, torn ones included.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Arms a power cut: the next write or append keeps only its first bytesWritten bytes, then throws.</summary>
    public void CutPowerDuringNextWrite(int bytesWritten)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytesWritten);
        _cutAfterBytes = bytesWritten;
    }

    /// <summary>
    /// Arms a power cut totalBytes bytes from now, counted over every write and append to come:
    /// the write or append that reaches it keeps only the bytes up to it, then throws.
    /// </summary>
    public void CutPowerAfterTotalBytes(long totalBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(totalBytes);
        _cutAfterTotalBytes = BytesWritten + totalBytes;
    }

    /// <summary>Disarms any armed cut (as after the reboot that follows it).</summary>
    public void RestorePower()
    {
        _cutAfterBytes = -1;
        _cutAfterTotalBytes = -1;
    }

    /// <summary>Names of the blobs present, sorted.</summary>
    public IReadOnlyList<string> Names => _blobs.Keys.Order(StringComparer.Ordinal).ToList();

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
        int kept = BytesBeforeCut(length);
        BytesWritten += kept;
        _blobs[name] = data.AsSpan(0, kept).ToArray();
        if (kept < length || _cutAfterBytes == -2)
        {
            _cutAfterBytes = -1;
            throw new SimulatedPowerCutException(name, kept);
        }
    }

    /// <inheritdoc />
    public void Delete(string name) => _blobs.Remove(name);

    /// <inheritdoc />
    public void Append(string name, byte[] data, int offset, int length)
    {
        AppendCount++;
        int kept = BytesBeforeCut(length);
        BytesWritten += kept;
        byte[] old = _blobs.TryGetValue(name, out byte[]? blob) ? blob : [];
        byte[] grown = new byte[old.Length + kept];
        old.CopyTo(grown, 0);
        Array.Copy(data, offset, grown, old.Length, kept);
        _blobs[name] = grown;
        if (kept < length || _cutAfterBytes == -2)
        {
            _cutAfterBytes = -1;
            throw new SimulatedPowerCutException(name, kept);
        }
    }

    /// <inheritdoc />
    public int ReadAt(string name, int position, byte[] buffer, int offset, int count)
    {
        if (!_blobs.TryGetValue(name, out byte[]? blob) || position >= blob.Length)
        {
            return 0;
        }

        int read = Math.Min(count, blob.Length - position);
        Array.Copy(blob, position, buffer, offset, read);
        return read;
    }

    /// <inheritdoc />
    public int SizeOf(string name) => _blobs.TryGetValue(name, out byte[]? blob) ? blob.Length : -1;

    /// <summary>
    /// How many of length bytes reach the store before an armed cut; marks a cut that falls
    /// exactly at the end of this write (-2) so that it still throws: the power failed just after.
    /// </summary>
    private int BytesBeforeCut(int length)
    {
        int kept = length;
        if (_cutAfterBytes >= 0)
        {
            kept = Math.Min(_cutAfterBytes, length);
            _cutAfterBytes = kept == length ? -2 : -1;
        }

        if (_cutAfterTotalBytes >= 0 && BytesWritten + kept >= _cutAfterTotalBytes)
        {
            kept = (int)(_cutAfterTotalBytes - BytesWritten);
            _cutAfterTotalBytes = -1;
            _cutAfterBytes = -2;
        }

        return kept;
    }
}
