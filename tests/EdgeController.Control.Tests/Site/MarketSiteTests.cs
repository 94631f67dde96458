using System.Text.Json;
using EdgeController.Core.Commands;
using EdgeController.Core.Market;
using EdgeController.Core.Metering;
using EdgeController.Hal.Simulation.Storage;
using EdgeController.Simulator;

namespace EdgeController.Control.Tests.Site;

/// <summary>The market on the device, through its composition root: orders from the plan into the outbox, awards steering the battery.</summary>
public sealed class MarketSiteTests
{
    private const long SlotMilliseconds = 900_000;
    private const long LocalElevenUnixMilliseconds = SiteRig.LocalMidnightUnixMilliseconds + (11 * 3_600_000);

    /// <summary>Member 2 of the community: 300 W PV, a 100 Ah pack, a 60 W base load.</summary>
    private static SiteRig Member(int index = 2, long start = LocalElevenUnixMilliseconds, EdgeController.Hal.INonVolatileStore? flash = null)
    {
        CommunityMember member = CommunityGenerator.Member(index);
        return new SiteRig(new SimulatedPlant(seed: 1, initialSoc: 0.5, member.PvPeakWatts, member.Board, member.LoadBaseWatts), flash, start);
    }

    private static MeterChannel Grid(SiteRig rig) => rig.Device.Controller.Channels.Single(c => c.Key == "grid");

    [Fact]
    public void Orders_go_out_once_per_slot_and_side_before_the_gate_as_signed_events_with_the_devices_seq()
    {
        SiteRig rig = Member();
        rig.RunSeconds(3600);

        List<JsonElement> orders = rig.Events.Where(e => e.GetProperty("ev").GetString() == "order").ToList();
        Assert.NotEmpty(orders);
        Assert.Equal(orders.Count, orders.Select(o => (o.GetProperty("slot").GetInt64(), o.GetProperty("side").GetString())).Distinct().Count());
        foreach (JsonElement order in orders)
        {
            long slot = order.GetProperty("slot").GetInt64();
            long ts = order.GetProperty("ts").GetInt64();
            Assert.Equal(0, slot % SlotMilliseconds);
            Assert.InRange(ts, slot - 300_000, slot - 60_001); // before the default gate closure
            Assert.InRange(order.GetProperty("wh").GetInt64(), 1, 500 / 4); // rated 500 W x 15 min
        }

        // Their seq comes from the one counter the readings use: never twice, never beyond it.
        List<long> sequences = rig.Events.Select(e => e.GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(sequences.Count, sequences.Distinct().Count());
        Assert.All(sequences, seq => Assert.InRange(seq, 1, rig.Device.Controller.LastSequence));
        Assert.Equal(4, rig.Device.App.Market!.SlotsPlanned);
    }

    [Fact]
    public void An_award_to_sell_moves_the_grid_export_of_its_slot_toward_it()
    {
        SiteRig awarded = Member();
        SiteRig alone = Member();
        awarded.RunSeconds(1800);
        alone.RunSeconds(1800);
        long now = awarded.Device.Clock.UnixTimeMilliseconds;
        AwardCommand award = AwardForNextSlot(now, sellWattHours: 60, buyWattHours: 0);
        long slot = award.SlotStartUnixMilliseconds;
        Assert.Equal(CommandRejection.None, awarded.Device.App.Market!.Follower.Accept(award, now, true));
        int toSlot = (int)((slot - now) / 1000);
        awarded.RunSeconds(toSlot);
        alone.RunSeconds(toSlot);
        long Net(SiteRig rig) => Grid(rig).ReverseMilliwattHours - Grid(rig).ForwardMilliwattHours;
        long awardedStart = Net(awarded);
        long aloneStart = Net(alone);
        awarded.RunSeconds(900);
        alone.RunSeconds(900);

        long awardedExport = Net(awarded) - awardedStart;
        long aloneExport = Net(alone) - aloneStart;
        Assert.True(Math.Abs(awardedExport - 60_000) < Math.Abs(aloneExport - 60_000) / 2,
            $"awarded net export {awardedExport} mWh, alone {aloneExport} mWh, award 60000 mWh");
    }

    [Fact]
    public void SteadyStateTick_WithTheMarket_OrdersAndAnAward_AllocatesNothing()
    {
        SiteRig rig = Member(flash: new PreallocatedNonVolatileStore());
        rig.RunSeconds(3600);
        long now = rig.Device.Clock.UnixTimeMilliseconds;
        AwardCommand award = AwardForNextSlot(now, sellWattHours: 0, buyWattHours: 20);
        rig.Device.App.Market!.Follower.Accept(award, now, true);
        long planned = rig.Device.App.Market.SlotsPlanned;

        long allocated = 0;
        bool followed = false;
        for (int i = 0; i < 1800; i++)
        {
            rig.Device.AdvanceWorld(1000);
            long before = GC.GetAllocatedBytesForCurrentThread();
            rig.Device.Controller.Tick();
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            followed |= rig.Device.App.Market.Follower.Following;
            rig.DrainOutbox();
        }

        Assert.True(followed);
        Assert.Equal(planned + 2, rig.Device.App.Market.SlotsPlanned);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void A_board_without_a_market_section_does_not_trade_and_says_why()
    {
        SiteRig rig = new(startUnixMilliseconds: LocalElevenUnixMilliseconds);
        rig.RunSeconds(600);

        Assert.Null(rig.Device.App.Market);
        Assert.Contains("market", rig.Device.App.MarketOffReason);
        Assert.DoesNotContain(rig.Events, e => e.GetProperty("ev").GetString() == "order");
    }

    /// <summary>An award for the slot after now, at 0.15 per kWh.</summary>
    private static AwardCommand AwardForNextSlot(long now, int sellWattHours, int buyWattHours)
    {
        long slot = ((now / SlotMilliseconds) + 1) * SlotMilliseconds;
        return new AwardCommand
        {
            CommandSequence = slot / SlotMilliseconds,
            ValidFromUnixMilliseconds = slot,
            ValidUntilUnixMilliseconds = slot + SlotMilliseconds,
            SlotStartUnixMilliseconds = slot,
            SellWattHours = sellWattHours,
            BuyWattHours = buyWattHours,
            PriceMicrocurrencyPerKilowattHour = 150_000,
        };
    }
}
