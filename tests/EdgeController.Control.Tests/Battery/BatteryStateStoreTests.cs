using EdgeController.Core.Battery;
using EdgeController.Core.Storage;
using EdgeController.Hal.Simulation.Storage;

namespace EdgeController.Control.Tests.Battery;

public sealed class BatteryStateStoreTests
{
    private const int CapacityMilliampHours = 100_000;
    private const int Cells = 4;
    private const long Minute = 60_000;
    private readonly InMemoryNonVolatileStore _flash = new();

    private static BatteryParameters Pack(int cells = Cells, int capacityMilliampHours = CapacityMilliampHours) =>
        new(BatteryChemistry.LiFePO4, cells, capacityMilliampHours, 0);

    /// <summary>A store as at boot: opened and loaded once (what tells it which slot is newest).</summary>
    private BatteryStateStore Boot(BatteryParameters? pack = null)
    {
        BatteryStateStore store = new(_flash, pack ?? Pack());
        store.TryLoad(out _, out _);
        return store;
    }

    [Fact]
    public void TryLoad_OnANewDevice_FindsNothing()
    {
        Assert.False(new BatteryStateStore(_flash, Pack()).TryLoad(out _, out _));
    }

    [Fact]
    public void SavedEstimate_IsLoadedAfterAReboot()
    {
        BatteryStateStore store = Boot();
        store.Save(734, 950, 0);
        store.Save(612, 940, 5 * Minute);

        Assert.True(new BatteryStateStore(_flash, Pack()).TryLoad(out int soc, out int soh));
        Assert.Equal((612, 940), (soc, soh));
        Assert.Equal(2, store.Saves);
    }

    [Theory]
    [InlineData(Cells, 200_000)] // a bigger pack: the same per mille would be twice the charge
    [InlineData(8, CapacityMilliampHours)] // other cells in series: another pack
    public void SavedEstimate_OfAnotherPack_IsNotRestored(int cells, int capacityMilliampHours)
    {
        Boot().Save(734, 950, 0);

        Assert.False(new BatteryStateStore(_flash, Pack(cells, capacityMilliampHours)).TryLoad(out _, out _));
    }

    [Fact]
    public void ShouldSave_BeforeTheFirstSave_IsTrue()
    {
        Assert.True(Boot().ShouldSave(500, 1000, 0));
    }

    [Fact]
    public void ShouldSave_TenPerMilleEitherWay_IsTrueAtOnce()
    {
        BatteryStateStore store = Boot();
        store.Save(500, 1000, 0);

        Assert.False(store.ShouldSave(509, 1000, 1000));
        Assert.False(store.ShouldSave(491, 1000, 1000));
        Assert.True(store.ShouldSave(510, 1000, 1000));
        Assert.True(store.ShouldSave(490, 1000, 1000));
    }

    [Fact]
    public void ShouldSave_ASmallerChange_WaitsFifteenMinutes()
    {
        BatteryStateStore store = Boot();
        long savedAt = 3 * Minute;
        store.Save(500, 1000, savedAt);

        Assert.False(store.ShouldSave(501, 1000, savedAt + (15 * Minute) - 1));
        Assert.True(store.ShouldSave(501, 1000, savedAt + (15 * Minute)));
    }

    [Fact]
    public void ShouldSave_NoChange_IsFalseHoweverLongAgo()
    {
        BatteryStateStore store = Boot();
        store.Save(500, 1000, 0);

        Assert.False(store.ShouldSave(500, 1000, 24 * 60 * Minute));
    }

    [Fact]
    public void ShouldSave_HealthChanged_IsTrueAtOnce()
    {
        BatteryStateStore store = Boot();
        store.Save(500, 1000, 0);

        Assert.True(store.ShouldSave(500, 999, 1));
    }

    [Fact]
    public void ShouldSave_AfterALoad_CountsTheLoadedEstimateAsSaved()
    {
        Boot().Save(500, 980, 0);
        BatteryStateStore store = Boot();

        // A reboot must not cost a flash write for an estimate the flash already holds.
        Assert.False(store.ShouldSave(500, 980, 0));
        Assert.True(store.ShouldSave(510, 980, 0));
    }

    [Fact]
    public void PowerCutAtEveryByteOfASave_LeavesTheOldOrTheNewEstimate()
    {
        // Payload: SOC, SOH, capacity and cells, four bytes each.
        int slotBytes = 16 + TwoSlotRecordStore.OverheadBytes;
        for (int cutAfter = 0; cutAfter <= slotBytes; cutAfter++)
        {
            _flash.Delete(BatteryStateStore.RecordName + ".a");
            _flash.Delete(BatteryStateStore.RecordName + ".b");
            BatteryStateStore store = Boot();
            store.Save(300, 990, 0);
            store.Save(400, 980, Minute);

            _flash.CutPowerDuringNextWrite(cutAfter);
            bool completed = true;
            try
            {
                store.Save(500, 970, 2 * Minute);
            }
            catch (SimulatedPowerCutException)
            {
                completed = false;
            }

            Assert.True(new BatteryStateStore(_flash, Pack()).TryLoad(out int soc, out int soh), $"nothing loadable after a cut at byte {cutAfter}");
            (int, int) expected = completed || cutAfter == slotBytes ? (500, 970) : (400, 980);
            Assert.True(expected == (soc, soh), $"cut after {cutAfter} bytes loaded ({soc}, {soh}), expected {expected}");
        }
    }
}
