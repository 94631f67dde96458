namespace EdgeController.Ledger.Market;

/// <summary>
/// The one place that turns a ledger view into market records: the runner writes with it and
/// the replay rewrites with it, so "reproduces bit for bit" compares the same code's output with
/// what was signed. The view must hold exactly the entries below the record's idx.
/// </summary>
public static class MarketEngine
{
    /// <summary>Builds the slot's book from the view with the params in force before its gate closure.</summary>
    public static (OrderBook Book, long ParamsIndex, MarketParameters? Parameters) Book(MarketLedgerView view, long slot)
    {
        (long Index, MarketParameters Parameters)? parameters = view.ParametersFor(slot);
        OrderBook book = OrderBook.Build(slot, view.OrdersFor(slot), parameters?.Parameters);
        return (book, parameters?.Index ?? 0, parameters?.Parameters);
    }

    /// <summary>The result payload of slot, with the given seq and ts.</summary>
    public static (byte[] Payload, ClearingOutcome Outcome) Result(MarketLedgerView view, long slot, long sequence, long timestamp)
    {
        (OrderBook book, long paramsIndex, MarketParameters? parameters) = Book(view, slot);
        MarketScheme scheme = parameters?.Scheme ?? MarketScheme.UniformK05;
        SlotPrices prices = parameters?.PricesAt(slot) ?? default;
        ClearingOutcome outcome = MarketClearing.Clear(scheme, book.Buys, book.Sells, prices);
        return (MarketRecordWriter.Result(sequence, timestamp, slot, scheme, outcome, book.Rejected, paramsIndex), outcome);
    }

    /// <summary>
    /// The settlement of every device the slot's result awards something to (in ordinal order),
    /// without <c>corrects</c>: one figure set for the whole slot, because under the "netted" rule
    /// each device's deviation money depends on the others' deviations. Null when the slot has no
    /// result or its params are missing.
    /// </summary>
    public static IReadOnlyList<MarketSettlement>? SlotFigures(MarketLedgerView view, long slot)
    {
        MarketRecord? result = view.ResultFor(slot);
        if (result is null || MarketLedgerView.Integer(result.Root, "params") is not long paramsIndex || view.ParametersAt(paramsIndex) is not MarketParameters parameters)
        {
            return null;
        }

        ClearingOutcome outcome = MarketRecordReader.ReadOutcome(result.Root);
        List<(string, IReadOnlyList<ReadingPoint>)> devices = AwardedDevices(result).Select(d => (d, view.ReadingsOf(d))).ToList();
        return SettlementCalculator.SettleSlot(slot, parameters.SlotMilliseconds, outcome, parameters.PricesAt(slot), parameters.Settlement, devices);
    }

    /// <summary>The slot's settlements as the next pass writes them: each corrects the device's newest settlement of the slot, if any.</summary>
    public static IReadOnlyList<MarketSettlement>? SlotSettlements(MarketLedgerView view, long slot) =>
        SlotFigures(view, slot)?.Select(s => s with { Corrects = view.SettlementFor(slot, s.Device)?.Index }).ToList();

    /// <summary>The devices a slot's result awards something to, in ordinal order.</summary>
    public static IReadOnlyList<string> AwardedDevices(MarketRecord result) =>
        MarketRecordReader.ReadOutcome(result.Root).Awards.Select(a => a.Device).Distinct().Order(StringComparer.Ordinal).ToList();
}
