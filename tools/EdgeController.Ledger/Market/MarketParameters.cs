namespace EdgeController.Ledger.Market;

/// <summary>
/// What a slot is cleared and settled with, as the gateway signs it in a `_market` "params"
/// record: slot length, gate closure, how far ahead an order may be posted, the scheme, default
/// prices with per-slot overrides, and each device's rated power. A device without a rated power
/// is unknown to the market. Settlement is how deviations are priced: "netted" unless the record
/// says otherwise (a params record without the key, written before netting, is "grid").
/// </summary>
public sealed record MarketParameters(
    long SlotMilliseconds,
    long GateClosureMilliseconds,
    long AheadMilliseconds,
    MarketScheme Scheme,
    SlotPrices DefaultPrices,
    IReadOnlyDictionary<long, SlotPrices> PricesBySlot,
    IReadOnlyDictionary<string, long> RatedWattsByDevice,
    SettlementRule Settlement = SettlementRule.Netted)
{
    /// <summary>15 minutes, the default slot.</summary>
    public const long DefaultSlotMilliseconds = 15 * 60_000;

    /// <summary>60 s before the slot starts, the default gate closure.</summary>
    public const long DefaultGateClosureMilliseconds = 60_000;

    /// <summary>The prices of a slot: its override, else the defaults.</summary>
    public SlotPrices PricesAt(long slotStartMilliseconds) =>
        PricesBySlot.TryGetValue(slotStartMilliseconds, out SlotPrices prices) ? prices : DefaultPrices;

    /// <summary>The largest order a device may post for one slot, Wh (rated power × slot length, floored).</summary>
    public long MaximumWattHours(long ratedWatts) => ratedWatts * SlotMilliseconds / 3_600_000;

    /// <summary>True when the two parameter sets would write the same record.</summary>
    public bool SameAs(MarketParameters other) =>
        SlotMilliseconds == other.SlotMilliseconds && GateClosureMilliseconds == other.GateClosureMilliseconds
        && AheadMilliseconds == other.AheadMilliseconds && Scheme == other.Scheme && Settlement == other.Settlement && DefaultPrices == other.DefaultPrices
        && PricesBySlot.Count == other.PricesBySlot.Count && PricesBySlot.All(p => other.PricesBySlot.TryGetValue(p.Key, out SlotPrices o) && o == p.Value)
        && RatedWattsByDevice.Count == other.RatedWattsByDevice.Count
        && RatedWattsByDevice.All(r => other.RatedWattsByDevice.TryGetValue(r.Key, out long w) && w == r.Value);
}
