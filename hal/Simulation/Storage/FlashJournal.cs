using System.Buffers.Binary;
using System.Text;

namespace EdgeController.Hal.Simulation.Storage;

/// <summary>
/// The write-ahead journal behind a simulated fleet's flash (<see cref="JournaledNonVolatileStore"/>):
/// one file, <c>flash.journal</c>, in the folder that holds a folder per device. Each flash change of
/// any device is one record, handed to the OS in one write before the call returns, so a
/// simulator killed at any point loses nothing its devices were told was written; no fsync,
/// like the folder stores the fleet used before (a host losing power is not what the simulator
/// models: the power-cut stores model a device's). At a checkpoint (when the journal passes its
/// size limit, and at dispose) every changed blob is written into its device's folder and the
/// journal starts again empty. Opening replays a journal left by a killed run into the folders.
/// </summary>
public sealed class FlashJournal : IDisposable
{
    /// <summary>The journal's file name in the fleet's folder.</summary>
    public const string FileName = "flash.journal";

    private const byte WriteRecord = 1;
    private const byte AppendRecord = 2;
    private const byte DeleteRecord = 3;
    private const int HeaderBytes = 4 + 1 + 4; // record length, kind, position
    private const int ChecksumBytes = 4;

    private readonly string _folder;
    private readonly long _checkpointBytes;
    private readonly Dictionary<string, JournaledNonVolatileStore> _stores = new(StringComparer.Ordinal);
    private readonly FileStream _file;
    private byte[] _record = new byte[8192];
    private long _journalBytes;
    private bool _disposed;

    private FlashJournal(string folder, long checkpointBytes)
    {
        _folder = Path.GetFullPath(folder);
        _checkpointBytes = checkpointBytes;
        Directory.CreateDirectory(_folder);
        string path = Path.Combine(_folder, FileName);
        int replayed = File.Exists(path) ? Replay(path) : 0;
        RecordsReplayedAtOpen = replayed;
        // Unbuffered: each record reaches the OS in the call that made it.
        _file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0);
    }

    /// <summary>The lock under which every store's blobs change and the journal is written.</summary>
    internal object Gate { get; } = new();

    /// <summary>Records of an earlier, killed run found and applied when this journal opened.</summary>
    public int RecordsReplayedAtOpen { get; }

    /// <summary>Checkpoints taken (folders brought up to date and the journal emptied).</summary>
    public int Checkpoints { get; private set; }

    /// <summary>Opens the fleet folder's journal, replaying one a killed run left behind into the device folders first.</summary>
    /// <param name="folder">The folder with one folder per device.</param>
    /// <param name="checkpointBytes">Journal size at which the folders are brought up to date and the journal emptied.</param>
    public static FlashJournal Open(string folder, long checkpointBytes = 64L * 1024 * 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(checkpointBytes, 1);
        return new FlashJournal(folder, checkpointBytes);
    }

    /// <summary>The flash of one device: its folder under the journal's folder, changed through the journal.</summary>
    public JournaledNonVolatileStore StoreFor(string deviceId)
    {
        lock (Gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return StoreForUnlocked(deviceId);
        }
    }

    /// <summary>Writes every changed blob into its device's folder and empties the journal.</summary>
    public void Checkpoint()
    {
        lock (Gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            CheckpointUnlocked();
        }
    }

    /// <summary>Takes a last checkpoint and removes the (then empty) journal.</summary>
    public void Dispose()
    {
        lock (Gate)
        {
            if (_disposed)
            {
                return;
            }

            CheckpointUnlocked();
            _disposed = true;
            _file.Dispose();
            File.Delete(Path.Combine(_folder, FileName));
        }
    }

    internal void RecordWrite(JournaledNonVolatileStore store, string name, byte[] data, int length) =>
        Append(WriteRecord, store.DeviceId, name, 0, data, 0, length);

    internal void RecordAppend(JournaledNonVolatileStore store, string name, int position, byte[] data, int offset, int length) =>
        Append(AppendRecord, store.DeviceId, name, position, data, offset, length);

    internal void RecordDelete(JournaledNonVolatileStore store, string name) =>
        Append(DeleteRecord, store.DeviceId, name, 0, [], 0, 0);

    // Record: [length u32 LE: bytes after this field][kind u8][position i32 LE][device len u8][device]
    //         [name len u8][name][data][FNV-1a 32 of every byte before it, from kind on]
    private void Append(byte kind, string deviceId, string name, int position, byte[] data, int offset, int length)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int deviceBytes = Encoding.ASCII.GetByteCount(deviceId);
        int nameBytes = Encoding.ASCII.GetByteCount(name);
        int total = HeaderBytes + 1 + deviceBytes + 1 + nameBytes + length + ChecksumBytes;
        if (total > _record.Length)
        {
            _record = new byte[Math.Max(total, _record.Length * 2)];
        }

        Span<byte> record = _record.AsSpan(0, total);
        BinaryPrimitives.WriteInt32LittleEndian(record, total - 4);
        record[4] = kind;
        BinaryPrimitives.WriteInt32LittleEndian(record[5..], position);
        int at = HeaderBytes;
        record[at++] = checked((byte)deviceBytes);
        at += Encoding.ASCII.GetBytes(deviceId, record[at..]);
        record[at++] = checked((byte)nameBytes);
        at += Encoding.ASCII.GetBytes(name, record[at..]);
        data.AsSpan(offset, length).CopyTo(record[at..]);
        at += length;
        BinaryPrimitives.WriteUInt32LittleEndian(record[at..], Fnv1a(record[4..at]));
        _file.Write(record);
        _journalBytes += total;
        if (_journalBytes >= _checkpointBytes)
        {
            CheckpointUnlocked();
        }
    }

    private void CheckpointUnlocked()
    {
        foreach (JournaledNonVolatileStore store in _stores.Values)
        {
            store.WriteChangedBlobsToFolder();
        }

        _file.SetLength(0);
        _file.Position = 0;
        _journalBytes = 0;
        Checkpoints++;
    }

    private JournaledNonVolatileStore StoreForUnlocked(string deviceId)
    {
        if (!_stores.TryGetValue(deviceId, out JournaledNonVolatileStore? store))
        {
            store = new JournaledNonVolatileStore(this, deviceId, new FolderNonVolatileStore(Path.Combine(_folder, deviceId), flushToDisk: false));
            _stores.Add(deviceId, store);
        }

        return store;
    }

    /// <summary>Applies a killed run's records to the device folders; a torn or damaged tail (a host power loss) ends it.</summary>
    private int Replay(string path)
    {
        byte[] journal = File.ReadAllBytes(path);
        int at = 0;
        int records = 0;
        while (at + 4 <= journal.Length)
        {
            int length = BinaryPrimitives.ReadInt32LittleEndian(journal.AsSpan(at));
            if (length < HeaderBytes - 4 + 2 + ChecksumBytes || at + 4 + length > journal.Length)
            {
                break;
            }

            ReadOnlySpan<byte> body = journal.AsSpan(at + 4, length - ChecksumBytes);
            if (Fnv1a(body) != BinaryPrimitives.ReadUInt32LittleEndian(journal.AsSpan(at + 4 + length - ChecksumBytes)))
            {
                break;
            }

            ApplyRecord(body);
            records++;
            at += 4 + length;
        }

        foreach (JournaledNonVolatileStore store in _stores.Values)
        {
            store.WriteChangedBlobsToFolder();
        }

        return records;
    }

    private void ApplyRecord(ReadOnlySpan<byte> body)
    {
        byte kind = body[0];
        int position = BinaryPrimitives.ReadInt32LittleEndian(body[1..]);
        int at = 5;
        int deviceBytes = body[at++];
        string deviceId = Encoding.ASCII.GetString(body.Slice(at, deviceBytes));
        at += deviceBytes;
        int nameBytes = body[at++];
        string name = Encoding.ASCII.GetString(body.Slice(at, nameBytes));
        at += nameBytes;
        byte[] data = body[at..].ToArray();
        JournaledNonVolatileStore store = StoreForUnlocked(deviceId);
        switch (kind)
        {
            case WriteRecord:
                store.ReplayWrite(name, data, data.Length);
                break;
            case AppendRecord:
                store.ReplayAppend(name, position, data, data.Length);
                break;
            case DeleteRecord:
                store.ReplayDelete(name);
                break;
            default:
                throw new InvalidDataException($"{FileName}: unknown record kind {kind}");
        }
    }

    private static uint Fnv1a(ReadOnlySpan<byte> bytes)
    {
        uint hash = 2166136261;
        foreach (byte b in bytes)
        {
            hash = (hash ^ b) * 16777619;
        }

        return hash;
    }
}
