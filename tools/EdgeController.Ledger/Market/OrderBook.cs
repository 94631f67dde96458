namespace EdgeController.Ledger.Market;

/// <summary>
/// The market's validity rules (docs/design.md, local energy market) applied to every order of one
/// slot, in ledger idx order: a book of at most one buy and one sell order per device (the higher
/// seq wins) and the list of the rest with their reasons. The chain accepted every order already:
/// whether it counts is decided here, and only here.
/// </summary>
public sealed class OrderBook
{
    private OrderBook(long slot, List<MarketOrder> buys, List<MarketOrder> sells, List<OrderRejection> rejected)
    {
        Slot = slot;
        Buys = buys;
        Sells = sells;
        Rejected = rejected;
    }

    /// <summary>The slot's start, Unix ms.</summary>
    public long Slot { get; }

    /// <summary>Buy orders in the book, in idx order.</summary>
    public IReadOnlyList<MarketOrder> Buys { get; }

    /// <summary>Sell orders in the book, in idx order.</summary>
    public IReadOnlyList<MarketOrder> Sells { get; }

    /// <summary>Orders kept out, in idx order.</summary>
    public IReadOnlyList<OrderRejection> Rejected { get; }

    /// <summary>Builds the book of slot from its orders (any order; they are taken by idx); parameters null rejects every order.</summary>
    public static OrderBook Build(long slot, IEnumerable<MarketOrder> orders, MarketParameters? parameters)
    {
        Dictionary<(string Device, string Side), MarketOrder> kept = new();
        List<OrderRejection> rejected = [];
        foreach (MarketOrder order in orders.Where(o => o.Slot == slot).OrderBy(o => o.Index))
        {
            string reason = parameters is null ? OrderRejectionReasons.NoParameters : Check(order, slot, parameters);
            if (reason.Length > 0)
            {
                rejected.Add(new OrderRejection(order.Index, reason));
                continue;
            }

            if (kept.TryGetValue((order.Device, order.Side), out MarketOrder? previous))
            {
                // The higher seq replaces the other, whichever arrived first (a gap fill may bring an older one later).
                MarketOrder loser = order.Sequence > previous.Sequence ? previous : order;
                rejected.Add(new OrderRejection(loser.Index, OrderRejectionReasons.Replaced));
                kept[(order.Device, order.Side)] = loser == previous ? order : previous;
                continue;
            }

            kept[(order.Device, order.Side)] = order;
        }

        rejected.Sort((a, b) => a.Index.CompareTo(b.Index));
        List<MarketOrder> buys = kept.Values.Where(o => o.Side == MarketSide.Buy).OrderBy(o => o.Index).ToList();
        List<MarketOrder> sells = kept.Values.Where(o => o.Side == MarketSide.Sell).OrderBy(o => o.Index).ToList();
        return new OrderBook(slot, buys, sells, rejected);
    }

    private static string Check(MarketOrder order, long slot, MarketParameters parameters)
    {
        if (order.Malformed || (order.Side != MarketSide.Buy && order.Side != MarketSide.Sell))
        {
            return OrderRejectionReasons.Malformed;
        }

        if (!parameters.RatedWattsByDevice.TryGetValue(order.Device, out long ratedWatts))
        {
            return OrderRejectionReasons.UnknownDevice;
        }

        if (order.ReceivedMilliseconds >= slot + parameters.SlotMilliseconds)
        {
            return OrderRejectionReasons.SlotPast;
        }

        if (order.ReceivedMilliseconds >= slot - parameters.GateClosureMilliseconds)
        {
            return OrderRejectionReasons.Late;
        }

        if (slot - order.ReceivedMilliseconds > parameters.AheadMilliseconds)
        {
            return OrderRejectionReasons.TooFarAhead;
        }

        if (order.WattHours <= 0 || order.WattHours > parameters.MaximumWattHours(ratedWatts))
        {
            return OrderRejectionReasons.Quantity;
        }

        SlotPrices prices = parameters.PricesAt(slot);
        if (order.Side == MarketSide.Buy && order.PriceMicrocurrencyPerKilowattHour > prices.ImportMicrocurrencyPerKilowattHour)
        {
            return OrderRejectionReasons.PriceAboveImport;
        }

        if (order.Side == MarketSide.Sell && order.PriceMicrocurrencyPerKilowattHour < prices.FeedInMicrocurrencyPerKilowattHour)
        {
            return OrderRejectionReasons.PriceBelowFeedIn;
        }

        return "";
    }
}
