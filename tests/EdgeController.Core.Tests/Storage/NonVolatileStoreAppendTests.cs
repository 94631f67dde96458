using EdgeController.Hal;
using EdgeController.Hal.Simulation.Storage;

namespace EdgeController.Core.Tests.Storage;

/// <summary>Append, ReadAt and SizeOf behave alike on every host store, and a torn append keeps a prefix.</summary>
public sealed class NonVolatileStoreAppendTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ec-append-" + Guid.NewGuid().ToString("N"));
    private FlashJournal? _journal;

    public void Dispose()
    {
        _journal?.Dispose();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private IEnumerable<INonVolatileStore> Stores()
    {
        yield return new InMemoryNonVolatileStore();
        yield return new PreallocatedNonVolatileStore();
        yield return new FolderNonVolatileStore(_folder);
        yield return new CountingNonVolatileStore(new InMemoryNonVolatileStore());
        _journal ??= FlashJournal.Open(Path.Combine(_folder, "fleet"));
        yield return _journal.StoreFor("dev-1");
    }

    [Fact]
    public void Append_AddsAtTheEnd_ReadAtReadsAnyRange_SizeOfCounts()
    {
        foreach (INonVolatileStore store in Stores())
        {
            string name = "log." + store.GetType().Name[..4];
            Assert.Equal(-1, store.SizeOf(name));
            Assert.Equal(0, store.ReadAt(name, 0, new byte[4], 0, 4));

            store.Append(name, [9, 1, 2, 3, 9], 1, 3);
            store.Append(name, [4, 5], 0, 2);

            Assert.Equal(5, store.SizeOf(name));
            byte[] buffer = new byte[8];
            Assert.Equal(3, store.ReadAt(name, 2, buffer, 1, 7));
            Assert.Equal(new byte[] { 0, 3, 4, 5 }, buffer[..4]);
            Assert.Equal(0, store.ReadAt(name, 5, buffer, 0, 1));
            Assert.True(store.TryRead(name, buffer, out int length));
            Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, buffer[..length]);

            store.Delete(name);
            Assert.Equal(-1, store.SizeOf(name));
            store.Append(name, [7], 0, 1);
            Assert.Equal(1, store.SizeOf(name));
        }
    }

    [Fact]
    public void ATornAppend_KeepsTheOldBytesAndAPrefixOfTheNew()
    {
        for (int cut = 0; cut <= 4; cut++)
        {
            InMemoryNonVolatileStore store = new();
            store.Append("log", [1, 2], 0, 2);
            store.CutPowerDuringNextWrite(cut);

            Assert.Throws<SimulatedPowerCutException>(() => store.Append("log", [3, 4, 5, 6], 0, 4));

            Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6 }[..(2 + cut)], store.Peek("log"));
        }
    }

    [Fact]
    public void ACutAfterTotalBytes_FallsInsideTheWriteThatReachesIt()
    {
        InMemoryNonVolatileStore store = new();
        store.CutPowerAfterTotalBytes(5);
        store.Write("a", [1, 2, 3], 3);

        Assert.Throws<SimulatedPowerCutException>(() => store.Append("b", [4, 5, 6], 0, 3));

        Assert.Equal(new byte[] { 4, 5 }, store.Peek("b"));
        Assert.Equal(5, store.BytesWritten);
        store.Append("b", [6], 0, 1);
        Assert.Equal(new byte[] { 4, 5, 6 }, store.Peek("b"));
    }

    [Fact]
    public void TheCountingStore_CountsEveryByteWritten_ByRecord()
    {
        CountingNonVolatileStore store = new(new InMemoryNonVolatileStore());
        store.Write("meter.a", new byte[10], 10);
        store.Append("obl.3", new byte[7], 0, 7);
        store.Append("obl.4", new byte[5], 2, 3);

        Assert.Equal(20, store.BytesWritten);
        Assert.Equal(10, store.BytesByRecord["meter"]);
        Assert.Equal(10, store.BytesByRecord["obl"]);
        Assert.Equal((1, 2), (store.Writes, store.Appends));
    }
}
