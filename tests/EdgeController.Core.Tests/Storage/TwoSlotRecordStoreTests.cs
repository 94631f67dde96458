using EdgeController.Core.Storage;
using EdgeController.Hal.Simulation.Storage;

namespace EdgeController.Core.Tests.Storage;

public sealed class TwoSlotRecordStoreTests
{
    private static byte[] Payload(byte fill, int length) => Enumerable.Repeat(fill, length).ToArray();

    [Fact]
    public void NewStore_HasNoRecord()
    {
        TwoSlotRecordStore record = new(new InMemoryNonVolatileStore(), "r", 32);
        Assert.Equal(-1, record.TryLoad(new byte[32]));
        Assert.Equal(0, record.DamagedSlotsAtLoad);
    }

    [Fact]
    public void SavesAlternateSlots_AndTheNewestWins()
    {
        InMemoryNonVolatileStore flash = new();
        TwoSlotRecordStore record = new(flash, "r", 32);
        record.TryLoad(new byte[32]);
        record.Save(Payload(1, 8), 8);
        record.Save(Payload(2, 8), 8);
        record.Save(Payload(3, 8), 8);

        byte[] loaded = new byte[32];
        TwoSlotRecordStore reopened = new(flash, "r", 32);
        Assert.Equal(8, reopened.TryLoad(loaded));
        Assert.Equal(Payload(3, 8), loaded[..8]);
        Assert.NotNull(flash.Peek("r.a"));
        Assert.NotNull(flash.Peek("r.b"));
    }

    [Fact]
    public void PowerCutAtEveryByteOfAWrite_LeavesTheOldOrTheNewRecord()
    {
        const int payloadBytes = 24;
        int slotBytes = payloadBytes + TwoSlotRecordStore.OverheadBytes;
        for (int cutAfter = 0; cutAfter <= slotBytes; cutAfter++)
        {
            InMemoryNonVolatileStore flash = new();
            TwoSlotRecordStore record = new(flash, "r", 64);
            record.TryLoad(new byte[64]);
            record.Save(Payload(0x11, payloadBytes), payloadBytes);
            record.Save(Payload(0x22, payloadBytes), payloadBytes);

            flash.CutPowerDuringNextWrite(cutAfter);
            bool completed = true;
            try
            {
                record.Save(Payload(0x33, payloadBytes), payloadBytes);
            }
            catch (SimulatedPowerCutException)
            {
                completed = false;
            }

            byte[] loaded = new byte[64];
            int length = new TwoSlotRecordStore(flash, "r", 64).TryLoad(loaded);
            Assert.Equal(payloadBytes, length);
            byte expected = completed || cutAfter == slotBytes ? (byte)0x33 : (byte)0x22;
            Assert.True(loaded[..payloadBytes].All(b => b == expected), $"cut after {cutAfter} bytes read back {loaded[0]:x2}, expected {expected:x2}");
        }
    }

    [Fact]
    public void FlippedBit_IsCaughtByTheCrc_AndTheOtherSlotIsUsed()
    {
        InMemoryNonVolatileStore flash = new();
        TwoSlotRecordStore record = new(flash, "r", 32);
        record.TryLoad(new byte[32]);
        record.Save(Payload(1, 4), 4);
        record.Save(Payload(2, 4), 4);
        byte[] newest = flash.Peek("r.b")!;
        newest[15] ^= 0x01;
        flash.Poke("r.b", newest);

        TwoSlotRecordStore reopened = new(flash, "r", 32);
        byte[] loaded = new byte[32];
        Assert.Equal(4, reopened.TryLoad(loaded));
        Assert.Equal(Payload(1, 4), loaded[..4]);
        Assert.Equal(1, reopened.DamagedSlotsAtLoad);
    }

    [Fact]
    public void Crc32_MatchesTheStandardCheckValue()
    {
        // The CRC-32 check value of "123456789" (zlib, PNG, IEEE 802.3).
        byte[] data = "123456789"u8.ToArray();
        Assert.Equal(0xCBF43926u, Crc32.Compute(data, 0, data.Length));
    }
}
