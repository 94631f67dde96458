namespace EdgeController.Ledger.Market;

/// <summary>
/// One device's share of a cleared slot on one side: Wh awarded and the money for them in
/// nanocurrency (Wh × microcurrency per kWh is exactly nanocurrency, so no rounding): paid by a
/// buyer, received by a seller.
/// </summary>
public sealed record MarketAward(string Device, string Side, long WattHours, long AmountNanocurrency);
