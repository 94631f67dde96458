namespace EdgeController.Ledger.Market;

/// <summary>The grid's prices for one slot, microcurrency per kWh (negative allowed).</summary>
public readonly record struct SlotPrices(long ImportMicrocurrencyPerKilowattHour, long FeedInMicrocurrencyPerKilowattHour);
