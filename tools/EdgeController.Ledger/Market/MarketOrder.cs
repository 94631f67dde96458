namespace EdgeController.Ledger.Market;

/// <summary>
/// A device's "ev":"order" event as it stands in the ledger: its entry (idx, received_ms) and
/// payload fields. Malformed is set (with the fields it had) when a field is missing or wrong.
/// </summary>
public sealed record MarketOrder(long Index, string Device, long Sequence, long ReceivedMilliseconds, long Slot, string Side, long WattHours, long PriceMicrocurrencyPerKilowattHour, bool Malformed = false);
