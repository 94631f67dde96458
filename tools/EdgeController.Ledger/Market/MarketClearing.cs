namespace EdgeController.Ledger.Market;

/// <summary>
/// Clears one slot's book in integers. Curves: every Wh of every buy order at its price, highest
/// first, and of every sell order, lowest first; equal prices in ledger idx order. The uniform and
/// pay-as-bid schemes match the curves Wh by Wh up to Q, the largest q with buy[q] &gt;= sell[q];
/// the price-rule schemes (SDR, MMR, bill sharing) compute one price from the grid's prices and the
/// book's totals, then match the orders whose limits accept it, in curve order, up to the shorter
/// side. docs/market.md has each formula and why. Walks orders, never single Wh: O(n log n).
/// </summary>
public static class MarketClearing
{
    /// <summary>Clears buys and sells (the book's orders) under scheme with the slot's grid prices.</summary>
    public static ClearingOutcome Clear(MarketScheme scheme, IReadOnlyList<MarketOrder> buys, IReadOnlyList<MarketOrder> sells, SlotPrices prices)
    {
        MarketOrder[] buyCurve = buys.OrderByDescending(o => o.PriceMicrocurrencyPerKilowattHour).ThenBy(o => o.Index).ToArray();
        MarketOrder[] sellCurve = sells.OrderBy(o => o.PriceMicrocurrencyPerKilowattHour).ThenBy(o => o.Index).ToArray();
        return scheme switch
        {
            MarketScheme.UniformK05 or MarketScheme.PayAsBid => ClearCrossing(scheme, buyCurve, sellCurve),
            _ => ClearAtPrice(SchemePrice(scheme, buyCurve, sellCurve, prices), buyCurve, sellCurve),
        };
    }

    /// <summary>floor(a / b) for b &gt; 0, toward negative infinity (C#'s / truncates toward zero).</summary>
    public static long FloorDivide(long a, long b)
    {
        long quotient = a / b;
        return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient;
    }

    /// <summary>floor(a / b) for 128-bit products (the market's price × energy), toward negative infinity.</summary>
    internal static Int128 FloorDivide(Int128 a, Int128 b)
    {
        Int128 quotient = a / b;
        return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient;
    }

    /// <summary>The one price of SDR, MMR or bill sharing (docs/market.md).</summary>
    public static long SchemePrice(MarketScheme scheme, IReadOnlyList<MarketOrder> buys, IReadOnlyList<MarketOrder> sells, SlotPrices prices)
    {
        long import = prices.ImportMicrocurrencyPerKilowattHour;
        long feedIn = prices.FeedInMicrocurrencyPerKilowattHour;
        Int128 supply = 0;
        Int128 demand = 0;
        foreach (MarketOrder sell in sells)
        {
            supply += sell.WattHours;
        }

        foreach (MarketOrder buy in buys)
        {
            demand += buy.WattHours;
        }

        switch (scheme)
        {
            case MarketScheme.MidMarketRate:
                return FloorDivide(import + feedIn, 2);
            case MarketScheme.BillSharing:
                return supply + demand == 0 || import <= feedIn
                    ? feedIn
                    : feedIn + (long)FloorDivide((Int128)(import - feedIn) * supply, supply + demand);
            case MarketScheme.SupplyDemandRatio:
                // Liu et al.: P = λb·λs / ((λb − λs)·SDR + λs) with SDR = S / D, for SDR < 1; λs at SDR ≥ 1.
                // Multiplied through by D so that it stays integer; outside its domain (λs ≤ 0 or
                // λb ≤ λs the formula has no meaning) it falls back to λs.
                if (demand == 0 || supply >= demand || feedIn <= 0 || import <= feedIn)
                {
                    return feedIn;
                }

                Int128 denominator = ((Int128)(import - feedIn) * supply) + ((Int128)feedIn * demand);
                return (long)FloorDivide((Int128)import * feedIn * demand, denominator);
            default:
                throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "not a price-rule scheme");
        }
    }

    private static ClearingOutcome ClearCrossing(MarketScheme scheme, MarketOrder[] buys, MarketOrder[] sells)
    {
        long[] buyWh = new long[buys.Length];
        long[] sellWh = new long[sells.Length];
        long[] buyNano = new long[buys.Length];
        long[] sellNano = new long[sells.Length];
        int i = 0;
        int j = 0;
        long buyLeft = buys.Length > 0 ? buys[0].WattHours : 0;
        long sellLeft = sells.Length > 0 ? sells[0].WattHours : 0;
        long traded = 0;
        long? buyAtQ = null;
        long? sellAtQ = null;
        long totalNano = 0;
        while (i < buys.Length && j < sells.Length && buys[i].PriceMicrocurrencyPerKilowattHour >= sells[j].PriceMicrocurrencyPerKilowattHour)
        {
            long take = Math.Min(buyLeft, sellLeft);
            traded += take;
            buyWh[i] += take;
            sellWh[j] += take;
            long nano = checked(take * buys[i].PriceMicrocurrencyPerKilowattHour); // pay-as-bid: at the buyer's limit
            buyNano[i] += nano;
            sellNano[j] += nano;
            totalNano += nano;
            buyAtQ = buys[i].PriceMicrocurrencyPerKilowattHour;
            sellAtQ = sells[j].PriceMicrocurrencyPerKilowattHour;
            buyLeft -= take;
            sellLeft -= take;
            if (buyLeft == 0 && ++i < buys.Length)
            {
                buyLeft = buys[i].WattHours;
            }

            if (sellLeft == 0 && ++j < sells.Length)
            {
                sellLeft = sells[j].WattHours;
            }
        }

        long? buyAfterQ = i < buys.Length ? buys[i].PriceMicrocurrencyPerKilowattHour : null;
        long? sellAfterQ = j < sells.Length ? sells[j].PriceMicrocurrencyPerKilowattHour : null;
        long? lo = Max(sellAtQ, buyAfterQ);
        long? hi = Min(buyAtQ, sellAfterQ);
        long uniformPrice = lo is long l && hi is long h ? FloorDivide(l + h, 2) : (lo ?? hi ?? 0);
        if (scheme == MarketScheme.PayAsBid)
        {
            long meanPrice = traded > 0 ? FloorDivide(totalNano, traded) : uniformPrice;
            return new ClearingOutcome(meanPrice, traded, Awards(buys, buyWh, buyNano, sells, sellWh, sellNano));
        }

        for (int b = 0; b < buys.Length; b++)
        {
            buyNano[b] = checked(buyWh[b] * uniformPrice);
        }

        for (int s = 0; s < sells.Length; s++)
        {
            sellNano[s] = checked(sellWh[s] * uniformPrice);
        }

        return new ClearingOutcome(uniformPrice, traded, Awards(buys, buyWh, buyNano, sells, sellWh, sellNano));
    }

    private static ClearingOutcome ClearAtPrice(long price, MarketOrder[] buys, MarketOrder[] sells)
    {
        long eligibleBuy = buys.Where(o => o.PriceMicrocurrencyPerKilowattHour >= price).Sum(o => o.WattHours);
        long eligibleSell = sells.Where(o => o.PriceMicrocurrencyPerKilowattHour <= price).Sum(o => o.WattHours);
        long traded = Math.Min(eligibleBuy, eligibleSell);
        long[] buyWh = Allocate(buys, traded);
        long[] sellWh = Allocate(sells, traded);
        long[] buyNano = buyWh.Select(wh => checked(wh * price)).ToArray();
        long[] sellNano = sellWh.Select(wh => checked(wh * price)).ToArray();
        return new ClearingOutcome(price, traded, Awards(buys, buyWh, buyNano, sells, sellWh, sellNano));
    }

    /// <summary>The first total Wh of a curve (the eligible orders come first on it).</summary>
    private static long[] Allocate(MarketOrder[] curve, long total)
    {
        long[] allocated = new long[curve.Length];
        for (int k = 0; k < curve.Length && total > 0; k++)
        {
            allocated[k] = Math.Min(curve[k].WattHours, total);
            total -= allocated[k];
        }

        return allocated;
    }

    private static List<MarketAward> Awards(MarketOrder[] buys, long[] buyWh, long[] buyNano, MarketOrder[] sells, long[] sellWh, long[] sellNano)
    {
        List<MarketAward> awards = [];
        for (int b = 0; b < buys.Length; b++)
        {
            if (buyWh[b] > 0)
            {
                awards.Add(new MarketAward(buys[b].Device, MarketSide.Buy, buyWh[b], buyNano[b]));
            }
        }

        for (int s = 0; s < sells.Length; s++)
        {
            if (sellWh[s] > 0)
            {
                awards.Add(new MarketAward(sells[s].Device, MarketSide.Sell, sellWh[s], sellNano[s]));
            }
        }

        // One order per device and side is in the book, so each (device, side) appears once.
        awards.Sort((a, c) =>
        {
            int byDevice = string.CompareOrdinal(a.Device, c.Device);
            return byDevice != 0 ? byDevice : string.CompareOrdinal(a.Side, c.Side);
        });
        return awards;
    }

    private static long? Max(long? a, long? b) => a is null ? b : (b is null ? a : Math.Max(a.Value, b.Value));

    private static long? Min(long? a, long? b) => a is null ? b : (b is null ? a : Math.Min(a.Value, b.Value));
}
