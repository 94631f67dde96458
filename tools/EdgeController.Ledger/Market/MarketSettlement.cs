namespace EdgeController.Ledger.Market;

/// <summary>
/// One device's settlement of one slot. Energies in mWh from the grid registers at the slot's
/// boundaries (rule <see cref="SettlementCalculator.InterpolationRule"/>); TradedWattHours is the
/// net awarded sale (sold − bought, negative for a net buyer); deviation = delivered net export −
/// traded. Money in nanocurrency, positive = the device receives. Corrects is the idx of the
/// settlement this one corrects, null for the first.
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
    IReadOnlyList<(long Index, string HashHex)> Readings)
{
    /// <summary>The device's whole slot: market plus deviation.</summary>
    public long TotalNanocurrency => MarketNanocurrency + DeviationNanocurrency;

    /// <summary>True when the two say the same apart from what they correct.</summary>
    public bool SameFigures(MarketSettlement other) =>
        ImportMilliwattHours == other.ImportMilliwattHours && ExportMilliwattHours == other.ExportMilliwattHours
        && TradedWattHours == other.TradedWattHours && MarketNanocurrency == other.MarketNanocurrency
        && DeviationNanocurrency == other.DeviationNanocurrency && Readings.SequenceEqual(other.Readings);
}
