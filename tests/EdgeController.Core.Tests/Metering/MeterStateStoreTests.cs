using EdgeController.Core.Metering;
using EdgeController.Hal.Simulation.Storage;

namespace EdgeController.Core.Tests.Metering;

public sealed class MeterStateStoreTests
{
    [Fact]
    public void RoundTripsCountersAndRegisters()
    {
        InMemoryNonVolatileStore flash = new();
        MeterStateStore store = new(flash);
        MeterState state = store.Load(2);
        state.BootCount = 4;
        state.LastSequence = 1234567890123;
        state.ForwardMilliwattHours[1] = 99;
        state.ReverseMilliwattHours[0] = 7;
        store.Save(state);

        MeterState loaded = new MeterStateStore(flash).Load(2);

        Assert.Equal(4, loaded.BootCount);
        Assert.Equal(1234567890123, loaded.LastSequence);
        Assert.Equal([0L, 99L], loaded.ForwardMilliwattHours);
        Assert.Equal([7L, 0L], loaded.ReverseMilliwattHours);
    }

    [Fact]
    public void OtherChannelCount_KeepsTheCountersButNotTheRegisters()
    {
        InMemoryNonVolatileStore flash = new();
        MeterStateStore store = new(flash);
        MeterState state = store.Load(2);
        state.LastSequence = 50;
        state.ForwardMilliwattHours[0] = 10;
        store.Save(state);

        MeterState loaded = new MeterStateStore(flash).Load(3);

        Assert.Equal(50, loaded.LastSequence);
        Assert.All(loaded.ForwardMilliwattHours, value => Assert.Equal(0, value));
    }

    [Fact]
    public void DamagedState_IsReportedAsLost_NotSilentlyReset()
    {
        InMemoryNonVolatileStore flash = new();
        flash.Poke("meter.a", [1, 2, 3]);
        MeterStateStore store = new(flash);

        MeterState state = store.Load(1);

        Assert.True(store.StateWasLost);
        Assert.Equal(0, state.LastSequence);
    }
}
