namespace EdgeController.Ledger.Market;

/// <summary>A slot's clearing: the price, the Wh traded (each side) and the non-zero awards by device then side.</summary>
public sealed record ClearingOutcome(long PriceMicrocurrencyPerKilowattHour, long TradedWattHours, IReadOnlyList<MarketAward> Awards);
