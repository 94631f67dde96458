using EdgeController.Ledger.Market;
using static EdgeController.Market.Tests.Orders;

namespace EdgeController.Market.Tests;

/// <summary>Clearing against examples worked by hand (docs/market.md walks the first one through).</summary>
public sealed class ClearingTests
{
    private static ClearingOutcome Clear(MarketScheme scheme, MarketOrder[] buys, MarketOrder[] sells) => MarketClearing.Clear(scheme, buys, sells, Prices);

    [Fact]
    public void Uniform_price_is_the_middle_of_the_marginal_terms()
    {
        // buy curve 300 x10, 200 x5; sell curve 100 x8, 250 x10. Q = 10 (Wh 11: 200 < 250).
        // lo = max(sell[10]=250, buy[11]=200) = 250, hi = min(buy[10]=300, sell[11]=250) = 250.
        ClearingOutcome outcome = Clear(MarketScheme.UniformK05, [Buy(1, "a", 10, 300), Buy(2, "b", 5, 200)], [Sell(3, "c", 8, 100), Sell(4, "d", 10, 250)]);
        Assert.Equal(250, outcome.PriceMicrocurrencyPerKilowattHour);
        Assert.Equal(10, outcome.TradedWattHours);
        Assert.Equal(
            [new MarketAward("a", "buy", 10, 2500), new MarketAward("c", "sell", 8, 2000), new MarketAward("d", "sell", 2, 500)],
            outcome.Awards);
    }

    [Fact]
    public void Uniform_price_between_distinct_marginal_prices_is_floored()
    {
        // buy 300 x4, sell 100 x4: Q = 4, no Wh 5; lo = 100, hi = 300 -> 200. With 301: (100+301)/2 = 200.5 -> 200.
        Assert.Equal(200, Clear(MarketScheme.UniformK05, [Buy(1, "a", 4, 300)], [Sell(2, "b", 4, 100)]).PriceMicrocurrencyPerKilowattHour);
        Assert.Equal(200, Clear(MarketScheme.UniformK05, [Buy(1, "a", 4, 301)], [Sell(2, "b", 4, 100)]).PriceMicrocurrencyPerKilowattHour);
    }

    [Fact]
    public void Negative_prices_floor_toward_negative_infinity()
    {
        // lo = -301, hi = -100: (-401) / 2 = -200.5 -> -201 (truncation would give -200).
        ClearingOutcome outcome = MarketClearing.Clear(MarketScheme.UniformK05, [Buy(1, "a", 4, -100)], [Sell(2, "b", 4, -301)], new SlotPrices(-50, -400));
        Assert.Equal(-201, outcome.PriceMicrocurrencyPerKilowattHour);
        Assert.Equal(new MarketAward("a", "buy", 4, -804), outcome.Awards[0]);
    }

    [Fact]
    public void Equal_prices_are_served_in_ledger_order()
    {
        ClearingOutcome outcome = Clear(MarketScheme.UniformK05, [Buy(9, "z", 7, 200)], [Sell(5, "y", 5, 100), Sell(2, "x", 5, 100)]);
        Assert.Equal(7, outcome.TradedWattHours);
        Assert.Equal(100, outcome.PriceMicrocurrencyPerKilowattHour); // hi = min(200, sell[8] = 100)
        Assert.Equal(5, outcome.Awards.Single(a => a.Device == "x").WattHours); // idx 2 first
        Assert.Equal(2, outcome.Awards.Single(a => a.Device == "y").WattHours);
    }

    [Fact]
    public void Curves_that_do_not_cross_trade_nothing_and_quote_the_gap()
    {
        ClearingOutcome outcome = Clear(MarketScheme.UniformK05, [Buy(1, "a", 5, 100)], [Sell(2, "b", 5, 200)]);
        Assert.Equal(0, outcome.TradedWattHours);
        Assert.Empty(outcome.Awards);
        Assert.Equal(150, outcome.PriceMicrocurrencyPerKilowattHour);
        Assert.Equal(0, Clear(MarketScheme.UniformK05, [], []).PriceMicrocurrencyPerKilowattHour);
        Assert.Equal(100, Clear(MarketScheme.UniformK05, [Buy(1, "a", 5, 100)], []).PriceMicrocurrencyPerKilowattHour);
    }

    [Fact]
    public void Pay_as_bid_pays_each_matched_wh_at_the_buyers_limit()
    {
        ClearingOutcome outcome = Clear(MarketScheme.PayAsBid, [Buy(1, "a", 10, 300), Buy(2, "b", 5, 200)], [Sell(3, "c", 8, 100), Sell(4, "d", 10, 250)]);
        Assert.Equal(
            [new MarketAward("a", "buy", 10, 3000), new MarketAward("c", "sell", 8, 2400), new MarketAward("d", "sell", 2, 600)],
            outcome.Awards);
        Assert.Equal(300, outcome.PriceMicrocurrencyPerKilowattHour); // volume-weighted mean
    }

    [Fact]
    public void Price_rule_schemes_follow_their_formulas()
    {
        MarketOrder[] buys = [Buy(1, "a", 10, 400)];
        MarketOrder[] sells = [Sell(2, "b", 5, 100)];
        // MMR: (400 + 100) / 2.
        Assert.Equal(250, Clear(MarketScheme.MidMarketRate, buys, sells).PriceMicrocurrencyPerKilowattHour);
        // SDR = 5/10: 400*100 / (300 * 0.5 + 100) = 40000 / 250 = 160.
        ClearingOutcome sdr = Clear(MarketScheme.SupplyDemandRatio, buys, sells);
        Assert.Equal(160, sdr.PriceMicrocurrencyPerKilowattHour);
        Assert.Equal(5, sdr.TradedWattHours);
        // Bill sharing: 100 + 300 * 5 / 15 = 200.
        Assert.Equal(200, Clear(MarketScheme.BillSharing, buys, sells).PriceMicrocurrencyPerKilowattHour);
        // SDR with supply at or above demand pays feed-in.
        Assert.Equal(100, Clear(MarketScheme.SupplyDemandRatio, [Buy(1, "a", 5, 400)], [Sell(2, "b", 5, 100)]).PriceMicrocurrencyPerKilowattHour);
    }

    [Fact]
    public void Price_rule_schemes_leave_out_orders_whose_limits_refuse_the_price()
    {
        // MMR price 250: the buyer at 200 and the seller at 300 stay out.
        ClearingOutcome outcome = Clear(MarketScheme.MidMarketRate, [Buy(1, "a", 4, 200), Buy(2, "b", 3, 400)], [Sell(3, "c", 9, 300), Sell(4, "d", 2, 100)]);
        Assert.Equal(2, outcome.TradedWattHours);
        Assert.Equal([new MarketAward("b", "buy", 2, 500), new MarketAward("d", "sell", 2, 500)], outcome.Awards);
    }

    [Fact]
    public void Floor_division_rounds_toward_negative_infinity()
    {
        Assert.Equal(-3, MarketClearing.FloorDivide(-5, 2));
        Assert.Equal(2, MarketClearing.FloorDivide(5, 2));
        Assert.Equal(-2, MarketClearing.FloorDivide(-4, 2));
    }
}
