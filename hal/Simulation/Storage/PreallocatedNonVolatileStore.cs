namespace EdgeController.Hal.Simulation.Storage;

/// <summary>
/// A RAM flash whose writes copy into a buffer the name already has: once every name was
/// written once, reads and writes allocate nothing, so an allocation test measures the firmware
/// alone. A name's buffer grows (once) when a longer record arrives; a deleted blob's buffer
/// goes to the next new name, so a log that rolls over through new names allocates nothing either.
/// </summary>
public sealed class PreallocatedNonVolatileStore : INonVolatileStore
{
    /// <summary>The smallest buffer a name gets, bytes: one allocation covers every record of the firmware's usual sizes.</summary>
    public const int MinimumBufferBytes = 4096;

    private readonly Dictionary<string, Blob> _blobs = new(StringComparer.Ordinal);

    // Deleted blobs keep their buffer here for the next new name: a log that deletes one segment
    // and creates the next moves the same buffer along instead of allocating.
    private readonly Stack<Blob> _free = new();

    /// <inheritdoc />
    public bool TryRead(string name, byte[] buffer, out int length)
    {
        if (!_blobs.TryGetValue(name, out Blob? blob) || blob.Length < 0)
        {
            length = 0;
            return false;
        }

        if (blob.Length > buffer.Length)
        {
            // The contract: a blob longer than the buffer reads as damaged.
            length = -1;
            return false;
        }

        length = blob.Length;
        Array.Copy(blob.Data, buffer, length);
        return true;
    }

    /// <inheritdoc />
    public void Write(string name, byte[] data, int length)
    {
        if (!_blobs.TryGetValue(name, out Blob? blob))
        {
            blob = Take(length);
            _blobs[name] = blob;
        }

        if (blob.Data.Length < length)
        {
            blob.Data = new byte[Math.Max(length, MinimumBufferBytes)];
        }

        Array.Copy(data, blob.Data, length);
        blob.Length = length;
    }

    /// <inheritdoc />
    public void Delete(string name)
    {
        if (_blobs.Remove(name, out Blob? blob))
        {
            blob.Length = -1;
            _free.Push(blob);
        }
    }

    /// <inheritdoc />
    public void Append(string name, byte[] data, int offset, int length)
    {
        if (!_blobs.TryGetValue(name, out Blob? blob))
        {
            blob = Take(length);
            _blobs[name] = blob;
        }

        int start = Math.Max(blob.Length, 0);
        if (blob.Data.Length < start + length)
        {
            // Grows by doubling, so a log segment costs a few allocations once, then none.
            byte[] grown = new byte[Math.Max(start + length, blob.Data.Length * 2)];
            Array.Copy(blob.Data, grown, start);
            blob.Data = grown;
        }

        Array.Copy(data, offset, blob.Data, start, length);
        blob.Length = start + length;
    }

    /// <inheritdoc />
    public int ReadAt(string name, int position, byte[] buffer, int offset, int count)
    {
        if (!_blobs.TryGetValue(name, out Blob? blob) || position >= blob.Length)
        {
            return 0;
        }

        int read = Math.Min(count, blob.Length - position);
        Array.Copy(blob.Data, position, buffer, offset, read);
        return read;
    }

    /// <inheritdoc />
    public int SizeOf(string name) => _blobs.TryGetValue(name, out Blob? blob) && blob.Length >= 0 ? blob.Length : -1;

    private Blob Take(int length)
    {
        if (_free.TryPop(out Blob? blob))
        {
            blob.Length = -1;
            return blob;
        }

        return new Blob(new byte[Math.Max(length, MinimumBufferBytes)]) { Length = -1 };
    }

    private sealed class Blob(byte[] data)
    {
        public byte[] Data { get; set; } = data;

        public int Length { get; set; }
    }
}
