namespace EdgeController.Ledger.Market;

/// <summary>
/// The market's figures of a ledger, for `ec-sim --market`'s summary and its tests: orders, slots
/// cleared, traded energy, awards, rejections by reason, settlements and their money, and the
/// community's grid cost over the settled slots twice: as settled (awarded members by their
/// settlement, the others at the grid's prices) and as if nobody had traded (every member's
/// same flows at the grid's prices, the "feed-in alone" baseline on the same energy). Money in
/// nanocurrency, cost positive = the community pays.
/// </summary>
public sealed record MarketRunSummary(
    long Orders,
    long SlotsCleared,
    long SlotsWithTrade,
    long TradedWattHours,
    long Awards,
    IReadOnlyDictionary<string, long> RejectedByReason,
    long Settlements,
    long Corrections,
    long SettledMarketNanocurrency,
    long SettledDeviationNanocurrency,
    long SlotsSettled,
    long CommunityCostNanocurrency,
    long CommunityCostAloneNanocurrency)
{
    /// <summary>Reads the ledger file.</summary>
    public static MarketRunSummary FromLedger(string ledgerPath)
    {
        MarketLedgerView view = new();
        view.LoadNew(ledgerPath);
        return Of(view);
    }

    /// <summary>The figures of a loaded view.</summary>
    public static MarketRunSummary Of(MarketLedgerView view)
    {
        List<MarketRecord> results = view.Records.Where(r => r.Kind == MarketRecordWriter.ResultKind).ToList();
        List<MarketRecord> settlements = view.Records.Where(r => r.Kind == MarketRecordWriter.SettlementKind).ToList();
        Dictionary<string, long> rejected = new(StringComparer.Ordinal);
        foreach (MarketRecord result in results)
        {
            foreach (System.Text.Json.JsonElement entry in result.Root.GetProperty("rejected").EnumerateArray())
            {
                string reason = entry.GetProperty("reason").GetString() ?? "";
                rejected[reason] = rejected.GetValueOrDefault(reason) + 1;
            }
        }

        // The newest settlement of a (slot, device) counts; the slots settled are those with one.
        Dictionary<(long Slot, string Device), MarketRecord> newest = new();
        foreach (MarketRecord settlement in settlements)
        {
            newest[(settlement.Root.GetProperty("slot").GetInt64(), settlement.Root.GetProperty("device").GetString() ?? "")] = settlement;
        }

        List<string> devices = view.DevicesWithReadings.Order(StringComparer.Ordinal).ToList();
        long cost = 0;
        long alone = 0;
        List<long> settledSlots = newest.Keys.Select(k => k.Slot).Distinct().Order().ToList();
        foreach (long slot in settledSlots)
        {
            if (view.ParametersFor(slot) is not (long, MarketParameters) parameters)
            {
                continue;
            }

            foreach (string device in devices)
            {
                long grid = SettlementCalculator.AloneNanocurrency(slot, parameters.Parameters.SlotMilliseconds, parameters.Parameters.PricesAt(slot), view.ReadingsOf(device));
                alone -= grid;
                cost -= newest.TryGetValue((slot, device), out MarketRecord? settled) ? settled.Root.GetProperty("total_nc").GetInt64() : grid;
            }
        }

        return new MarketRunSummary(
            view.OrderSlots.Sum(slot => (long)view.OrdersFor(slot).Count),
            results.Count,
            results.Count(r => r.Root.GetProperty("traded_wh").GetInt64() > 0),
            results.Sum(r => r.Root.GetProperty("traded_wh").GetInt64()),
            results.Sum(r => (long)r.Root.GetProperty("awards").GetArrayLength()),
            rejected,
            settlements.Count,
            settlements.Count(s => s.Root.TryGetProperty("corrects", out _)),
            newest.Values.Sum(s => s.Root.GetProperty("market_nc").GetInt64()),
            newest.Values.Sum(s => s.Root.GetProperty("deviation_nc").GetInt64()),
            settledSlots.Count,
            cost,
            alone);
    }
}
