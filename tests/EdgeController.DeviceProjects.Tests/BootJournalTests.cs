using EdgeController.Core.Storage;
using EdgeController.Hal;

namespace EdgeController.DeviceProjects.Tests;

public class BootJournalTests
{
    private sealed class MemoryStore : INonVolatileStore
    {
        public Dictionary<string, byte[]> Blobs { get; } = new();

        public bool TryRead(string name, byte[] buffer, out int length)
        {
            length = 0;
            if (!Blobs.TryGetValue(name, out byte[]? blob))
            {
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

        public void Write(string name, byte[] data, int length) => Blobs[name] = data[..length];

        public void Delete(string name) => Blobs.Remove(name);

        public void Append(string name, byte[] data, int offset, int length) =>
            Blobs[name] = [.. Blobs.GetValueOrDefault(name) ?? [], .. data.AsSpan(offset, length)];

        public int ReadAt(string name, int position, byte[] buffer, int offset, int count)
        {
            if (!Blobs.TryGetValue(name, out byte[]? blob) || position >= blob.Length)
            {
                return 0;
            }

            int read = Math.Min(count, blob.Length - position);
            Array.Copy(blob, position, buffer, offset, read);
            return read;
        }

        public int SizeOf(string name) => Blobs.TryGetValue(name, out byte[]? blob) ? blob.Length : -1;
    }

    [Fact]
    public void FirstBoot_IsNamed_AndCountsNoCrash()
    {
        BootJournal journal = new(new MemoryStore());

        Assert.Equal(BootJournal.FirstBoot, journal.LastResetReason);
        Assert.Equal(0, journal.CrashCount);
    }

    [Fact]
    public void ARunThatEndsWithoutAReason_CountsAsACrash()
    {
        MemoryStore flash = new();
        _ = new BootJournal(flash);

        BootJournal second = new(flash);
        BootJournal third = new(flash);

        Assert.Equal(BootJournal.UnexpectedReset, second.LastResetReason);
        Assert.Equal(1, second.CrashCount);
        Assert.Equal(2, third.CrashCount);
    }

    [Fact]
    public void ARecordedRestart_IsReportedAtTheNextBoot_AndIsNoCrash()
    {
        MemoryStore flash = new();
        BootJournal first = new(flash);
        first.RecordRestart("console reboot");

        BootJournal second = new(flash);

        Assert.Equal("console reboot", second.LastResetReason);
        Assert.Equal(0, second.CrashCount);
    }

    [Fact]
    public void ALongOrNonAsciiReason_IsCutAndKeptReadable()
    {
        MemoryStore flash = new();
        new BootJournal(flash).RecordRestart("startup failed: é " + new string('x', 300));

        BootJournal next = new(flash);

        Assert.StartsWith("startup failed: ? xxx", next.LastResetReason);
        Assert.Equal(BootJournal.MaxReasonLength, next.LastResetReason.Length);
    }

    [Fact]
    public void AGarbledJournal_CountsAsACrash_InsteadOfThrowing()
    {
        MemoryStore flash = new();
        flash.Blobs[BootJournal.RecordName] = [0xFF, 0x00, 0x41];

        BootJournal journal = new(flash);

        Assert.Equal(BootJournal.UnexpectedReset, journal.LastResetReason);
        Assert.Equal(1, journal.CrashCount);
    }
}
