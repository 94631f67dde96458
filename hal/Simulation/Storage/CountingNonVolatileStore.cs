namespace EdgeController.Hal.Simulation.Storage;

/// <summary>
/// Passes every call to another store and counts the bytes written to it (whole-blob writes and
/// appends), in all and by the blob's record name (the part before the first '.'), so a bench
/// can say what the firmware writes to flash per reading and which record writes it.
/// </summary>
public sealed class CountingNonVolatileStore(INonVolatileStore inner) : INonVolatileStore
{
    private readonly Dictionary<string, long> _bytesByRecord = new(StringComparer.Ordinal);

    /// <summary>Bytes written through <see cref="Write"/> and <see cref="Append"/>.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Calls of <see cref="Write"/>.</summary>
    public long Writes { get; private set; }

    /// <summary>Calls of <see cref="Append"/>.</summary>
    public long Appends { get; private set; }

    /// <summary>Calls of <see cref="Delete"/>.</summary>
    public long Deletes { get; private set; }

    /// <summary>Bytes written by record name ("meter", "obl", ...), a snapshot.</summary>
    public IReadOnlyDictionary<string, long> BytesByRecord => new Dictionary<string, long>(_bytesByRecord, StringComparer.Ordinal);

    /// <summary>Starts the counts again from zero (after a warm-up).</summary>
    public void Reset()
    {
        BytesWritten = 0;
        Writes = 0;
        Appends = 0;
        Deletes = 0;
        _bytesByRecord.Clear();
    }

    /// <inheritdoc />
    public bool TryRead(string name, byte[] buffer, out int length) => inner.TryRead(name, buffer, out length);

    /// <inheritdoc />
    public void Write(string name, byte[] data, int length)
    {
        Count(name, length);
        Writes++;
        inner.Write(name, data, length);
    }

    /// <inheritdoc />
    public void Delete(string name)
    {
        Deletes++;
        inner.Delete(name);
    }

    /// <inheritdoc />
    public void Append(string name, byte[] data, int offset, int length)
    {
        Count(name, length);
        Appends++;
        inner.Append(name, data, offset, length);
    }

    /// <inheritdoc />
    public int ReadAt(string name, int position, byte[] buffer, int offset, int count) => inner.ReadAt(name, position, buffer, offset, count);

    /// <inheritdoc />
    public int SizeOf(string name) => inner.SizeOf(name);

    private void Count(string name, int length)
    {
        BytesWritten += length;
        int dot = name.IndexOf('.', StringComparison.Ordinal);
        string record = dot > 0 ? name[..dot] : name;
        _bytesByRecord[record] = _bytesByRecord.GetValueOrDefault(record) + length;
    }
}
