using System.Text.RegularExpressions;

namespace EdgeController.Hal.Simulation.Storage;

/// <summary>
/// The host's flash file system: one file per blob in a folder. A write goes to a temporary
/// file that then replaces the old one, so a crash of the host process never leaves half a
/// file (the device's store can tear; Core's two-slot record copes with both). An append adds
/// to the file in place (a crash can leave part of it; Core's flash log checks every entry).
/// A blob's file is named exactly as the blob, under the rule of Core's BlobNames, which the
/// device's FlashFileStore (hal/Esp32: I:\&lt;name&gt;) checks: 1..32 of letters, digits, '.', '-',
/// '_', not starting with '.'. This project may not depend on Core, so the rule is restated here
/// and a test holds both to the same answers; a folder ec-provision writes copies to I:\ byte for byte.
/// </summary>
public sealed partial class FolderNonVolatileStore : INonVolatileStore
{
    private readonly string _folder;
    private readonly bool _flushToDisk;

    /// <summary>Uses (and creates) the folder.</summary>
    /// <param name="folder">The folder.</param>
    /// <param name="flushToDisk">
    /// True: every write reaches the disk before it returns (survives the host losing power:
    /// ec-provision's files). False: it reaches the OS, which survives the process being killed
    /// but not the host losing power; the simulator's fleets use it, since an fsync per reading
    /// per device caps a fleet at about a thousand ticks a second, and a simulated device's own
    /// power cuts are modelled by the power-cut stores, not by the host's disk.
    /// </param>
    public FolderNonVolatileStore(string folder, bool flushToDisk = true)
    {
        _folder = Path.GetFullPath(folder);
        _flushToDisk = flushToDisk;
        // A device's flash holds its key and secrets: owner only, like the key registry.
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(_folder);
        }
        else
        {
            Directory.CreateDirectory(_folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>The folder the blobs live in.</summary>
    public string Folder => _folder;

    /// <inheritdoc />
    public bool TryRead(string name, byte[] buffer, out int length)
    {
        string path = PathOf(name);
        if (!File.Exists(path))
        {
            length = 0;
            return false;
        }

        byte[] content = File.ReadAllBytes(path);
        if (content.Length > buffer.Length)
        {
            length = -1;
            return false;
        }

        content.CopyTo(buffer, 0);
        length = content.Length;
        return true;
    }

    /// <inheritdoc />
    public void Write(string name, byte[] data, int length)
    {
        string path = PathOf(name);
        string temporary = path + ".tmp";
        FileStreamOptions options = new() { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite; // 0600 from the first byte
        }

        File.Delete(temporary); // a leftover keeps its old mode; a new file gets 0600
        using (FileStream stream = new(temporary, options))
        {
            stream.Write(data, 0, length);
            stream.Flush(flushToDisk: _flushToDisk);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <inheritdoc />
    public void Delete(string name) => File.Delete(PathOf(name));

    /// <inheritdoc />
    public void Append(string name, byte[] data, int offset, int length)
    {
        using FileStream stream = new(PathOf(name), FileMode.Append, FileAccess.Write, FileShare.None);
        stream.Write(data, offset, length);
        stream.Flush(flushToDisk: _flushToDisk);
    }

    /// <inheritdoc />
    public int ReadAt(string name, int position, byte[] buffer, int offset, int count)
    {
        string path = PathOf(name);
        if (!File.Exists(path))
        {
            return 0;
        }

        using FileStream stream = new(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (position >= stream.Length)
        {
            return 0;
        }

        stream.Seek(position, SeekOrigin.Begin);
        int done = 0;
        while (done < count)
        {
            int read = stream.Read(buffer, offset + done, count - done);
            if (read <= 0)
            {
                break;
            }

            done += read;
        }

        return done;
    }

    /// <inheritdoc />
    public int SizeOf(string name)
    {
        FileInfo file = new(PathOf(name));
        return file.Exists ? (int)file.Length : -1;
    }

    private string PathOf(string name)
    {
        if (!BlobName().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' is not a valid blob name: 1..32 of letters, digits, '.', '-' and '_', not starting with '.'", nameof(name));
        }

        return Path.Combine(_folder, name);
    }

    [GeneratedRegex("^[A-Za-z0-9_-][A-Za-z0-9._-]{0,31}$")]
    private static partial Regex BlobName();
}
