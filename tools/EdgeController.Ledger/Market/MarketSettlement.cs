namespace EdgeController.Ledger.Market;

/// <summary>
/// One device's settlement of one slot. Energies in mWh from the grid registers at the slot's
/// boundaries (rule <see cref="SettlementCalculator.InterpolationRule"/>); TradedWattHours is the
/// net awarded sale (sold − bought, negative for a net buyer); deviation = delivered net export −
/// traded. Money in nanocurrency, positive = the device receives; DeviationNanocurrency is all of
/// the deviation's money, the netted part (<see cref="NettedNanocurrency"/>, at the clearing
/// price) and the rest at the grid's price. Under <see cref="SettlementRule.Grid"/> nothing is
/// netted and the slot sums are 0. Corrects is the idx of the settlement this one corrects, null
/// for the first.
/// </summary>
public sealed record MarketSettlement(
    long Slot,
    string Device,
    long? Corrects,
    long ImportMilliwattHours,
    long ExportMilliwattHours,
    long TradedWattHours,
    long DeviationMilliwattHours,
    long MarketNanocurrency,
    long DeviationNanocurrency,
    long ImportPrice,
    long FeedInPrice,
    long ClearingPrice,
    IReadOnlyList<(long Index, string HashHex)> Readings,
    SettlementRule Rule = SettlementRule.Grid,
    long NettedMilliwattHours = 0,
    long NettedNanocurrency = 0,
    long SlotExcessMilliwattHours = 0,
    long SlotShortfallMilliwattHours = 0)
{
    /// <summary>The device's whole slot: market plus deviation.</summary>
    public long TotalNanocurrency => MarketNanocurrency + DeviationNanocurrency;

    /// <summary>The part of the deviation left to the grid's prices, mWh.</summary>
    public long GridDeviationMilliwattHours => DeviationMilliwattHours - NettedMilliwattHours;
}
