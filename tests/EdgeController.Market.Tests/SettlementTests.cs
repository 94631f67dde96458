using EdgeController.Ledger.Market;

namespace EdgeController.Market.Tests;

/// <summary>The settlement's interpolation rule and money for one device alone in its slot (nothing to net), worked by hand.</summary>
public sealed class SettlementTests
{
    private const long Slot = 900_000L * 2_000_000;
    private static readonly SlotPrices Prices = new(400_000, 100_000);

    private static MarketSettlement Settle(ClearingOutcome outcome, SlotPrices prices, ReadingPoint[] readings) =>
        SettlementCalculator.SettleSlot(Slot, 900_000, outcome, prices, SettlementRule.Netted, [("a", readings)]).Single();

    private static ReadingPoint At(long idx, long ts, long import, long export) => new(idx, "a", ts, import, export, $"h{idx}");

    [Fact]
    public void Boundaries_are_interpolated_between_the_readings_around_them_and_floored()
    {
        // Start: halfway between ts -60 s (export 1000) and +60 s (export 2001): 1500 (floored from 1500.5).
        // End: a reading exactly at the end (export 9000).
        ReadingPoint[] readings = [At(1, Slot - 60_000, 0, 1000), At(2, Slot + 60_000, 0, 2001), At(3, Slot + 900_000, 0, 9000), At(4, Slot + 960_000, 0, 9500)];
        ClearingOutcome outcome = new(150_000, 8, [new MarketAward("a", MarketSide.Sell, 8, 1_200_000)]);
        MarketSettlement settlement = Settle(outcome, Prices, readings);
        Assert.Equal(7500, settlement.ExportMilliwattHours);
        Assert.Equal(8, settlement.TradedWattHours);
        Assert.Equal(-500, settlement.DeviationMilliwattHours); // 0.5 Wh short
        Assert.Equal(-200_000, settlement.DeviationNanocurrency); // at import: 0.5 Wh x 400000
        Assert.Equal(0, settlement.NettedMilliwattHours); // nobody to net against
        Assert.Equal(1_000_000, settlement.TotalNanocurrency);
        Assert.Equal([(1L, "h1"), (2L, "h2"), (3L, "h3")], settlement.Readings);
    }

    [Fact]
    public void A_boundary_with_a_reading_on_one_side_only_holds_it_and_an_excess_earns_feed_in()
    {
        ReadingPoint[] readings = [At(1, Slot - 5_000, 200, 0), At(2, Slot + 600_000, 700, 0)];
        ClearingOutcome outcome = new(150_000, 1, [new MarketAward("a", MarketSide.Buy, 1, 150_000)]);
        MarketSettlement settlement = Settle(outcome, Prices, readings);
        // Start: between the two readings: 200 + 500 x 5000 / 605000 = 204 (floored). End: only the reading before it: 700.
        Assert.Equal(496, settlement.ImportMilliwattHours);
        Assert.Equal(504, settlement.DeviationMilliwattHours); // bought 1000 mWh, used 496: 504 left over
        Assert.Equal(50_400, settlement.DeviationNanocurrency); // at feed-in
        Assert.Equal(-150_000 + 50_400, settlement.TotalNanocurrency);
    }

    [Fact]
    public void A_shortfall_with_a_negative_import_price_floors_toward_negative_infinity()
    {
        ReadingPoint[] readings = [At(1, Slot, 0, 0), At(2, Slot + 900_000, 0, 999)];
        ClearingOutcome outcome = new(-10, 1, [new MarketAward("a", MarketSide.Sell, 1, -10)]);
        MarketSettlement settlement = Settle(outcome, new SlotPrices(-3, -7), readings);
        Assert.Equal(-1, settlement.DeviationMilliwattHours);
        Assert.Equal(0, settlement.DeviationNanocurrency); // -1 x -3 / 1000 = 0.003 -> 0
        MarketSettlement larger = Settle(outcome, new SlotPrices(3, -7), readings);
        Assert.Equal(-1, larger.DeviationNanocurrency); // -0.003 -> -1
    }
}
