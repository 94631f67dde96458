using EdgeController.Ledger.Market;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EdgeController.Market.Tests;

/// <summary>The "netted" settlement rule: opposite deviations of a slot meet at the clearing price, pro rata, exactly balanced.</summary>
public sealed class NettingTests
{
    private const long Slot = 900_000L * 2_000_000;
    private static readonly SlotPrices Prices = new(400_000, 100_000);

    /// <summary>A device whose registers moved by (import, export) mWh over the slot.</summary>
    private static (string, IReadOnlyList<ReadingPoint>) Delivered(string device, long idx, long importMwh, long exportMwh) =>
        (device, [new ReadingPoint(idx, device, Slot, 0, 0, $"h{idx}"), new ReadingPoint(idx + 1, device, Slot + 900_000, importMwh, exportMwh, $"h{idx + 1}")]);

    [Fact]
    public void Opposite_deviations_meet_at_the_clearing_price_pro_rata_and_only_the_net_goes_to_the_grid()
    {
        // Price 250000. a sold 10 Wh and delivered 13 (excess 3000 mWh); b sold 10 and delivered 8
        // (short 2000); c bought 5 and used 6 (short 1000), d bought 5 and used 4 (excess 1000).
        // E = 4000, S = 3000, M = 3000: the shortfalls are met in full; the excesses share 3000 as
        // a 3000 x 3/4 = 2250, d 750. N = 3000 x 250000 / 1000 = 750000 nc: a receives 562500,
        // d 187500; b pays 500000, c 250000.
        ClearingOutcome outcome = new(250_000, 20, [
            new MarketAward("a", MarketSide.Sell, 10, 2_500_000), new MarketAward("b", MarketSide.Sell, 10, 2_500_000),
            new MarketAward("c", MarketSide.Buy, 5, 1_250_000), new MarketAward("d", MarketSide.Buy, 5, 1_250_000)]);
        IReadOnlyList<MarketSettlement> settled = SettlementCalculator.SettleSlot(Slot, 900_000, outcome, Prices, SettlementRule.Netted,
            [Delivered("a", 1, 0, 13_000), Delivered("b", 3, 0, 8_000), Delivered("c", 5, 6_000, 0), Delivered("d", 7, 4_000, 0)]);

        Assert.Equal([3000L, -2000, -1000, 1000], settled.Select(s => s.DeviationMilliwattHours));
        Assert.Equal([2250L, -2000, -1000, 750], settled.Select(s => s.NettedMilliwattHours));
        Assert.Equal([562_500L, -500_000, -250_000, 187_500], settled.Select(s => s.NettedNanocurrency));
        Assert.All(settled, s => Assert.Equal((4000L, 3000L), (s.SlotExcessMilliwattHours, s.SlotShortfallMilliwattHours)));
        // What is left: a's 750 mWh and d's 250 mWh at feed-in.
        Assert.Equal([562_500L + 75_000, -500_000, -250_000, 187_500 + 25_000], settled.Select(s => s.DeviationNanocurrency));
        Assert.Equal(2_500_000 + 637_500, settled[0].TotalNanocurrency);
        // The grid rule on the same slot: every deviation at grid prices.
        IReadOnlyList<MarketSettlement> grid = SettlementCalculator.SettleSlot(Slot, 900_000, outcome, Prices, SettlementRule.Grid,
            [Delivered("a", 1, 0, 13_000), Delivered("b", 3, 0, 8_000), Delivered("c", 5, 6_000, 0), Delivered("d", 7, 4_000, 0)]);
        Assert.Equal([300_000L, -800_000, -400_000, 100_000], grid.Select(s => s.DeviationNanocurrency));
        Assert.All(grid, s => Assert.Equal(0, s.NettedMilliwattHours));
    }

    [Fact]
    public void The_units_a_split_leaves_go_to_the_largest_remainders_then_to_the_first_device()
    {
        // 10 split 1:1:1 -> 3 each and 1 left, equal remainders: the first gets it.
        Assert.Equal([4L, 3, 3], ProRata.Split(10, [1, 1, 1]));
        // 10 split 1:2:3 of 6 -> 1.67, 3.33, 5: floors 1, 3, 5, remainders 4, 2, 0 (of 6): the first gets the one left.
        Assert.Equal([2L, 3, 5], ProRata.Split(10, [1, 2, 3]));
        // A negative total floors toward -inf: -10 / 3 -> -4 each (remainder 2 of 3), sum -12: the 2 units left go to the first two.
        Assert.Equal([-3L, -3, -4], ProRata.Split(-10, [1, 1, 1]));
        // A zero weight never gets a unit.
        Assert.Equal([0L, 4, 3], ProRata.Split(7, [0, 1, 1]));
        Assert.Equal([0L, 0], ProRata.Split(0, [0, 0]));
    }

    [Fact]
    public void Netted_money_at_a_negative_price_still_balances_and_floors_toward_negative_infinity()
    {
        // M = 1 mWh at -3 µ/kWh: N = floor(-3 / 1000) = -1 nc: the excess side "receives" -1, the shortfall side "pays" -1.
        DeviationNetting.Outcome netting = DeviationNetting.Net([1, -1, -1], -3);
        Assert.Equal([1L, -1, 0], netting.NettedMilliwattHours);
        Assert.Equal([-1L, 1, 0], netting.NettedNanocurrency);
    }

    private static Arbitrary<(long[] Deviations, long Price)> Slots() =>
        (from deviations in Gen.ListOf(Gen.Choose(-200_000, 200_000).Select(d => (long)d))
         from price in Gen.Choose(-500_000, 500_000)
         select (deviations.ToArray(), (long)price)).ToArbitrary();

    [Property(MaxTest = 500)]
    public Property Netting_balances_exactly_never_crosses_a_deviation_and_meets_the_short_side_in_full()
    {
        return Prop.ForAll(Slots(), slot =>
        {
            DeviationNetting.Outcome netting = DeviationNetting.Net(slot.Deviations, slot.Price);
            long met = Math.Min(netting.ExcessMilliwattHours, netting.ShortfallMilliwattHours);
            bool withinEach = slot.Deviations.Select((d, i) => (d, n: netting.NettedMilliwattHours[i]))
                .All(x => x.d >= 0 ? x.n >= 0 && x.n <= x.d : x.n <= 0 && x.n >= x.d);
            bool shortSideMet = netting.ExcessMilliwattHours <= netting.ShortfallMilliwattHours
                ? slot.Deviations.Select((d, i) => d <= 0 || netting.NettedMilliwattHours[i] == d).All(ok => ok)
                : slot.Deviations.Select((d, i) => d >= 0 || netting.NettedMilliwattHours[i] == d).All(ok => ok);
            return (netting.NettedMilliwattHours.Sum() == 0 && netting.NettedNanocurrency.Sum() == 0
                && netting.NettedMilliwattHours.Where(n => n > 0).Sum() == met && withinEach && shortSideMet).ToProperty();
        });
    }

    [Property(MaxTest = 300)]
    public Property Nobody_pays_more_for_a_deviation_than_the_grid_rule_would_charge()
    {
        // The clearing price lies between feed-in and import (every scheme keeps limits inside them), so netting only helps.
        return Prop.ForAll(Slots(), slot =>
        {
            SlotPrices prices = new(400_000, 100_000);
            long price = 100_000 + (Math.Abs(slot.Price) % 300_001);
            DeviationNetting.Outcome netting = DeviationNetting.Net(slot.Deviations, price);
            bool ok = slot.Deviations.Select((d, i) =>
                netting.NettedNanocurrency[i] + SettlementCalculator.AtGridPrice(d - netting.NettedMilliwattHours[i], prices)
                >= SettlementCalculator.AtGridPrice(d, prices) - 3).All(x => x); // N's floor, the share's and the rest's, under 1 nc each
            return ok.ToProperty();
        });
    }
}
