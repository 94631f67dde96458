using EdgeController.Ledger.Market;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EdgeController.Market.Tests;

/// <summary>What must hold for any book under every scheme.</summary>
public sealed class ClearingProperties
{
    private static Arbitrary<(MarketOrder[] Buys, MarketOrder[] Sells)> Books()
    {
        Gen<(long Wh, long Price)> order = from wh in Gen.Choose(1, 2000) from price in Gen.Choose(-200, 400) select ((long)wh, (long)price);
        return (from buys in Gen.ListOf(order)
                from sells in Gen.ListOf(order)
                select (buys.Select((o, i) => Orders.Buy((2 * i) + 1, $"b{i}", o.Wh, o.Price)).ToArray(),
                        sells.Select((o, i) => Orders.Sell((2 * i) + 2, $"s{i}", o.Wh, o.Price)).ToArray())).ToArbitrary();
    }

    [Property(MaxTest = 300)]
    public Property Traded_energy_and_money_balance_within_every_order()
    {
        return Prop.ForAll(Books(), book =>
        {
            foreach (MarketScheme scheme in Enum.GetValues<MarketScheme>())
            {
                ClearingOutcome outcome = MarketClearing.Clear(scheme, book.Buys, book.Sells, new SlotPrices(400, -200));
                long bought = outcome.Awards.Where(a => a.Side == MarketSide.Buy).Sum(a => a.WattHours);
                long sold = outcome.Awards.Where(a => a.Side == MarketSide.Sell).Sum(a => a.WattHours);
                long paid = outcome.Awards.Where(a => a.Side == MarketSide.Buy).Sum(a => a.AmountNanocurrency);
                long received = outcome.Awards.Where(a => a.Side == MarketSide.Sell).Sum(a => a.AmountNanocurrency);
                bool withinOrders = outcome.Awards.All(a =>
                {
                    MarketOrder order = (a.Side == MarketSide.Buy ? book.Buys : book.Sells).Single(o => o.Device == a.Device);
                    long unit = a.AmountNanocurrency; // per-Wh prices all within the limit: total within limit x wh
                    return a.WattHours <= order.WattHours
                        && (a.Side == MarketSide.Buy ? unit <= order.PriceMicrocurrencyPerKilowattHour * a.WattHours : unit >= order.PriceMicrocurrencyPerKilowattHour * a.WattHours);
                });
                if (bought != outcome.TradedWattHours || sold != outcome.TradedWattHours || paid != received || !withinOrders
                    || outcome.TradedWattHours > book.Buys.Sum(o => o.WattHours) || outcome.TradedWattHours > book.Sells.Sum(o => o.WattHours))
                {
                    return false;
                }
            }

            return true;
        });
    }

    [Property(MaxTest = 300)]
    public Property Uniform_clearing_trades_the_most_any_price_could()
    {
        // At the uniform price no buyer left out would pay it and no seller left out would take
        // it while the other side still has unmatched willing Wh: Q is maximal.
        return Prop.ForAll(Books(), book =>
        {
            ClearingOutcome outcome = MarketClearing.Clear(MarketScheme.UniformK05, book.Buys, book.Sells, new SlotPrices(400, -200));
            long best = 0;
            foreach (long p in book.Buys.Concat(book.Sells).Select(o => o.PriceMicrocurrencyPerKilowattHour).Distinct())
            {
                best = Math.Max(best, Math.Min(book.Buys.Where(o => o.PriceMicrocurrencyPerKilowattHour >= p).Sum(o => o.WattHours),
                    book.Sells.Where(o => o.PriceMicrocurrencyPerKilowattHour <= p).Sum(o => o.WattHours)));
            }

            return outcome.TradedWattHours == best;
        });
    }
}
