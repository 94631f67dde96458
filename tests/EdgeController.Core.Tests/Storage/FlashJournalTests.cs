using EdgeController.Hal.Simulation.Storage;

namespace EdgeController.Core.Tests.Storage;

/// <summary>
/// The simulated fleet's flash: blobs in RAM, every change one journal record before the call
/// returns, the device folders brought up to date at checkpoints. A killed simulator is modelled
/// by copying the fleet folder while the journal is still open (what the OS holds at that moment).
/// </summary>
public sealed class FlashJournalTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ec-journal-" + Guid.NewGuid().ToString("N"));

    private string Fleet => Path.Combine(_root, "fleet");

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void ChangesReachTheDeviceFoldersAtDispose_AndTheJournalIsRemoved()
    {
        using (FlashJournal journal = FlashJournal.Open(Fleet))
        {
            JournaledNonVolatileStore store = journal.StoreFor("dev-1");
            store.Write("meter.a", [1, 2, 3], 3);
            store.Append("obl.1", [4, 5], 0, 2);
            store.Append("obl.1", [6], 0, 1);
            Assert.False(File.Exists(Path.Combine(Fleet, "dev-1", "meter.a")), "a change reaches the folder only at a checkpoint");
        }

        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(Path.Combine(Fleet, "dev-1", "meter.a")));
        Assert.Equal(new byte[] { 4, 5, 6 }, File.ReadAllBytes(Path.Combine(Fleet, "dev-1", "obl.1")));
        Assert.False(File.Exists(Path.Combine(Fleet, FlashJournal.FileName)));
    }

    [Fact]
    public void AKilledRun_IsReplayedIntoTheFolders_WritesAppendsAndDeletes()
    {
        using (FlashJournal journal = FlashJournal.Open(Fleet))
        {
            JournaledNonVolatileStore first = journal.StoreFor("dev-1");
            JournaledNonVolatileStore second = journal.StoreFor("dev-2");
            first.Write("settings.a", [9], 1);
            journal.Checkpoint(); // settings.a now in the folder
            first.Write("meter.a", [1, 2], 2);
            first.Write("meter.a", [3, 4, 5], 3);
            first.Delete("settings.a");
            second.Append("obl.7", [7, 8, 9], 1, 2);
            second.Append("obl.7", [10], 0, 1);
            KillNow("killed");
        }

        string killed = Path.Combine(_root, "killed");
        Assert.True(File.Exists(Path.Combine(killed, "dev-1", "settings.a")), "the checkpoint put settings.a into the folder");
        using (FlashJournal reopened = FlashJournal.Open(killed))
        {
            Assert.Equal(5, reopened.RecordsReplayedAtOpen);
            JournaledNonVolatileStore first = reopened.StoreFor("dev-1");
            byte[] buffer = new byte[8];
            Assert.True(first.TryRead("meter.a", buffer, out int length));
            Assert.Equal(new byte[] { 3, 4, 5 }, buffer[..length]);
            Assert.Equal(-1, first.SizeOf("settings.a"));
            Assert.Equal(new byte[] { 8, 9, 10 }, File.ReadAllBytes(Path.Combine(killed, "dev-2", "obl.7")));
        }

        Assert.False(File.Exists(Path.Combine(killed, "dev-1", "settings.a")));
    }

    [Fact]
    public void AJournalReplayedTwice_LeavesTheSameBlobs()
    {
        // A run killed during a checkpoint leaves folders that already hold some of the journal's
        // changes: replaying an append again must not add its bytes twice.
        using (FlashJournal journal = FlashJournal.Open(Fleet))
        {
            JournaledNonVolatileStore store = journal.StoreFor("dev-1");
            store.Append("obl.1", [1, 2], 0, 2);
            store.Append("obl.1", [3], 0, 1);
            KillNow("killed");
        }

        string killed = Path.Combine(_root, "killed");
        byte[] journalBytes = File.ReadAllBytes(Path.Combine(killed, FlashJournal.FileName));
        FlashJournal.Open(killed).Dispose();
        File.WriteAllBytes(Path.Combine(killed, FlashJournal.FileName), journalBytes);
        FlashJournal.Open(killed).Dispose();

        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(Path.Combine(killed, "dev-1", "obl.1")));
    }

    [Fact]
    public void ATornLastRecord_IsLeftOut_AndEveryEarlierRecordKept()
    {
        long lengthBeforeLast;
        using (FlashJournal journal = FlashJournal.Open(Fleet))
        {
            JournaledNonVolatileStore store = journal.StoreFor("dev-1");
            store.Append("obl.1", [1, 2], 0, 2);
            lengthBeforeLast = new FileInfo(Path.Combine(Fleet, FlashJournal.FileName)).Length;
            store.Append("obl.1", [3, 4], 0, 2);
            KillNow("killed");
        }

        byte[] whole = File.ReadAllBytes(Path.Combine(_root, "killed", FlashJournal.FileName));
        for (long cut = lengthBeforeLast; cut < whole.Length; cut++)
        {
            string copy = Path.Combine(_root, "cut-" + cut);
            CopyFolder(Path.Combine(_root, "killed"), copy);
            File.WriteAllBytes(Path.Combine(copy, FlashJournal.FileName), whole[..(int)cut]);
            using (FlashJournal reopened = FlashJournal.Open(copy))
            {
                Assert.Equal(1, reopened.RecordsReplayedAtOpen);
            }

            Assert.Equal(new byte[] { 1, 2 }, File.ReadAllBytes(Path.Combine(copy, "dev-1", "obl.1")));
        }

        // A damaged byte inside the last record is found by its checksum.
        string damaged = Path.Combine(_root, "damaged");
        CopyFolder(Path.Combine(_root, "killed"), damaged);
        byte[] flipped = (byte[])whole.Clone();
        flipped[^5] ^= 0x40;
        File.WriteAllBytes(Path.Combine(damaged, FlashJournal.FileName), flipped);
        FlashJournal.Open(damaged).Dispose();
        Assert.Equal(new byte[] { 1, 2 }, File.ReadAllBytes(Path.Combine(damaged, "dev-1", "obl.1")));
    }

    [Fact]
    public void PastItsSizeLimit_TheJournalCheckpointsWhileOpen()
    {
        using FlashJournal journal = FlashJournal.Open(Fleet, checkpointBytes: 4096);
        JournaledNonVolatileStore store = journal.StoreFor("dev-1");
        byte[] entry = new byte[600];
        for (int i = 0; i < 20; i++)
        {
            entry[0] = (byte)i;
            store.Append("obl.1", entry, 0, entry.Length);
        }

        Assert.True(journal.Checkpoints >= 2, $"checkpoints: {journal.Checkpoints}");
        Assert.True(new FileInfo(Path.Combine(Fleet, FlashJournal.FileName)).Length < 4096);
        long inFolder = new FileInfo(Path.Combine(Fleet, "dev-1", "obl.1")).Length;
        // The folder holds whole appends up to the last checkpoint; the journal, under its limit, the rest.
        Assert.True(inFolder > 0 && inFolder % 600 == 0 && (20 * 600) - inFolder < 4096, $"folder holds {inFolder} bytes");
        Assert.Equal(20 * 600, store.SizeOf("obl.1"));
    }

    [Fact]
    public void ABlobAlreadyInTheFolder_IsReadFromIt_AndAppendedAfterItsEnd()
    {
        Directory.CreateDirectory(Path.Combine(Fleet, "dev-1"));
        File.WriteAllBytes(Path.Combine(Fleet, "dev-1", "obl.1"), [1, 2]);
        using (FlashJournal journal = FlashJournal.Open(Fleet))
        {
            JournaledNonVolatileStore store = journal.StoreFor("dev-1");
            Assert.Equal(2, store.SizeOf("obl.1"));
            store.Append("obl.1", [3], 0, 1);
        }

        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(Path.Combine(Fleet, "dev-1", "obl.1")));
    }

    [Fact]
    public void DeletedBlobs_AreForgottenAtACheckpoint_SoALongRunDoesNotGrow()
    {
        using FlashJournal journal = FlashJournal.Open(Fleet, checkpointBytes: 64 * 1024);
        JournaledNonVolatileStore store = journal.StoreFor("dev-1");
        byte[] segment = new byte[4096];
        for (int n = 0; n < 500; n++)
        {
            // As the outbox does: a new segment blob, and the oldest deleted once released.
            store.Append("obl." + n, segment, 0, segment.Length);
            if (n >= 3)
            {
                store.Delete("obl." + (n - 3));
            }
        }

        journal.Checkpoint();

        Assert.Equal(3, store.BlobsInMemory);
        Assert.Equal(-1, store.SizeOf("obl.10"));
        Assert.Equal(4096, store.SizeOf("obl.499"));
        Assert.Equal(3, Directory.GetFiles(Path.Combine(Fleet, "dev-1")).Length);
        store.Append("obl.10", [1], 0, 1); // a forgotten name can be used again
        Assert.Equal(1, store.SizeOf("obl.10"));
    }

    /// <summary>Copies the fleet folder as it is on disk now: the state a SIGKILL would leave.</summary>
    private void KillNow(string name) => CopyFolder(Fleet, Path.Combine(_root, name));

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (string folder in Directory.GetDirectories(from))
        {
            CopyFolder(folder, Path.Combine(to, Path.GetFileName(folder)));
        }
    }
}
