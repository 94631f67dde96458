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

    /// <summary>The settlement of (slot, device) from the slot's result record in the view; null when the slot has no result or params.</summary>
    public static MarketSettlement? Settlement(MarketLedgerView view, long slot, string device)
    {
        MarketRecord? result = view.ResultFor(slot);
        if (result is null || MarketLedgerView.Integer(result.Root, "params") is not long paramsIndex || view.ParametersAt(paramsIndex) is not MarketParameters parameters)
        {
            return null;
        }

        ClearingOutcome outcome = MarketRecordReader.ReadOutcome(result.Root);
        MarketSettlement settlement = SettlementCalculator.Compute(slot, parameters.SlotMilliseconds, device, outcome, parameters.PricesAt(slot), view.ReadingsOf(device));
        MarketRecord? previous = view.SettlementFor(slot, device);
        return settlement with { Corrects = previous?.Index };
    }

    /// <summary>The devices a slot's result awards something to, in ordinal order.</summary>
    public static IReadOnlyList<string> AwardedDevices(MarketRecord result) =>
        MarketRecordReader.ReadOutcome(result.Root).Awards.Select(a => a.Device).Distinct().Order(StringComparer.Ordinal).ToList();
}
