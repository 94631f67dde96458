namespace EdgeController.Ledger.Market;

/// <summary>
/// How a slot's deviations (delivered net export − traded) are priced, a market parameter signed in
/// the params record so that nobody can pick it after the gate (docs/market.md, "Settlement").
/// </summary>
public enum SettlementRule
{
    /// <summary>Every deviation at the grid's price (import for a shortfall, feed-in for an excess): "grid", what a params record without the key means.</summary>
    Grid,

    /// <summary>
    /// The awarded members' opposite deviations of a slot meet at the slot's clearing price, pro
    /// rata; only the community's net deviation goes to the grid's prices: "netted", the default.
    /// </summary>
    Netted,
}
