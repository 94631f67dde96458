namespace EdgeController.Hal.Simulation.Storage;

/// <summary>
/// One simulated device's flash, held in RAM and made durable by the fleet's
/// <see cref="FlashJournal"/>: every change is one record appended to the journal before the call
/// returns, and the device's folder is brought up to date at the journal's checkpoints. So a fleet
/// pays one write to the OS per flash call instead of a file opened, written, closed (and renamed)
/// per call, and a killed simulator loses nothing that a call had returned from (the journal is
/// replayed at the next start). A blob is loaded from the folder the first time it is used.
/// Like a device's flash, a store is used by one thread at a time (the worker stepping its device),
/// but any worker's call may take the fleet's checkpoint, which reads every store and forgets
/// deleted blobs: so every call runs under the journal's lock.
/// </summary>
public sealed class JournaledNonVolatileStore : INonVolatileStore
{
    private readonly FlashJournal _journal;
    private readonly FolderNonVolatileStore _folder;
    private readonly Dictionary<string, Blob> _blobs = new(StringComparer.Ordinal);

    internal JournaledNonVolatileStore(FlashJournal journal, string deviceId, FolderNonVolatileStore folder)
    {
        _journal = journal;
        DeviceId = deviceId;
        _folder = folder;
    }

    /// <summary>The device whose flash this is (its folder's name under the journal's folder).</summary>
    public string DeviceId { get; }

    /// <summary>Blobs held in RAM: those in use, and deleted ones until the next checkpoint.</summary>
    public int BlobsInMemory
    {
        get
        {
            lock (_journal.Gate)
            {
                return _blobs.Count;
            }
        }
    }

    /// <inheritdoc />
    public bool TryRead(string name, byte[] buffer, out int length)
    {
        lock (_journal.Gate)
        {
            Blob blob = BlobOf(name);
            if (!blob.Exists)
            {
                length = 0;
                return false;
            }

            if (blob.Length > buffer.Length)
            {
                length = -1;
                return false;
            }

            Buffer.BlockCopy(blob.Data, 0, buffer, 0, blob.Length);
            length = blob.Length;
            return true;
        }
    }

    /// <inheritdoc />
    public void Write(string name, byte[] data, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        lock (_journal.Gate)
        {
            Blob blob = BlobOf(name);
            blob.Replace(data, 0, length);
            _journal.RecordWrite(this, name, data, length);
        }
    }

    /// <inheritdoc />
    public void Delete(string name)
    {
        lock (_journal.Gate)
        {
            Blob blob = BlobOf(name);
            if (!blob.Exists)
            {
                return;
            }

            blob.Remove();
            _journal.RecordDelete(this, name);
        }
    }

    /// <inheritdoc />
    public void Append(string name, byte[] data, int offset, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        lock (_journal.Gate)
        {
            Blob blob = BlobOf(name);
            int position = blob.Exists ? blob.Length : 0;
            blob.WriteAt(position, data, offset, length);
            _journal.RecordAppend(this, name, position, data, offset, length);
        }
    }

    /// <inheritdoc />
    public int ReadAt(string name, int position, byte[] buffer, int offset, int count)
    {
        lock (_journal.Gate)
        {
            Blob blob = BlobOf(name);
            if (!blob.Exists || position >= blob.Length)
            {
                return 0;
            }

            int read = Math.Min(count, blob.Length - position);
            Buffer.BlockCopy(blob.Data, position, buffer, offset, read);
            return read;
        }
    }

    /// <inheritdoc />
    public int SizeOf(string name)
    {
        lock (_journal.Gate)
        {
            Blob blob = BlobOf(name);
            return blob.Exists ? blob.Length : -1;
        }
    }

    /// <summary>Applies a journal record at replay (no new record is written).</summary>
    internal void ReplayWrite(string name, byte[] data, int length) => BlobOf(name).Replace(data, 0, length);

    /// <summary>Applies a journal record at replay: the bytes land where they first did, so a record replayed twice changes nothing.</summary>
    internal void ReplayAppend(string name, int position, byte[] data, int length) => BlobOf(name).WriteAt(position, data, 0, length);

    /// <summary>Applies a journal record at replay.</summary>
    internal void ReplayDelete(string name) => BlobOf(name).Remove();

    /// <summary>Writes every blob changed since the last checkpoint into the device's folder (called under the journal's lock).</summary>
    internal void WriteChangedBlobsToFolder()
    {
        List<string>? deleted = null;
        foreach (KeyValuePair<string, Blob> entry in _blobs)
        {
            Blob blob = entry.Value;
            if (!blob.Changed)
            {
                continue;
            }

            if (blob.Exists)
            {
                _folder.Write(entry.Key, blob.Data, blob.Length);
            }
            else
            {
                _folder.Delete(entry.Key);
                (deleted ??= []).Add(entry.Key);
            }

            blob.Changed = false;
        }

        // A deleted blob is forgotten once its file is gone too: the outbox names a new segment
        // for every 4 KiB, so keeping them would grow without end over a long fleet run.
        foreach (string name in deleted ?? [])
        {
            _blobs.Remove(name);
        }
    }

    /// <summary>The blob called name, loaded from the folder the first time; called under the journal's lock.</summary>
    private Blob BlobOf(string name)
    {
        if (_blobs.TryGetValue(name, out Blob? blob))
        {
            return blob;
        }

        // The folder's copy is current for a blob not yet used (or forgotten since its deletion):
        // the journal's replay and every checkpoint wrote it there.
        int size = _folder.SizeOf(name);
        blob = new Blob();
        if (size >= 0)
        {
            byte[] content = new byte[size];
            _folder.TryRead(name, content, out int length);
            blob.Replace(content, 0, length);
            blob.Changed = false;
        }

        _blobs.Add(name, blob);
        return blob;
    }

    /// <summary>One blob's bytes, grown by doubling so appends stay cheap.</summary>
    private sealed class Blob
    {
        public byte[] Data { get; private set; } = [];

        public int Length { get; private set; }

        public bool Exists { get; private set; }

        /// <summary>Changed since the folder last got it.</summary>
        public bool Changed { get; set; }

        public void Replace(byte[] data, int offset, int length)
        {
            Length = 0;
            WriteAt(0, data, offset, length);
        }

        public void WriteAt(int position, byte[] data, int offset, int length)
        {
            int end = position + length;
            if (end > Data.Length)
            {
                byte[] grown = new byte[Math.Max(end, Math.Max(256, Data.Length * 2))];
                Buffer.BlockCopy(Data, 0, grown, 0, Math.Min(Length, position));
                Data = grown;
            }

            Buffer.BlockCopy(data, offset, Data, position, length);
            Length = end;
            Exists = true;
            Changed = true;
        }

        public void Remove()
        {
            Data = [];
            Length = 0;
            Exists = false;
            Changed = true;
        }
    }
}
