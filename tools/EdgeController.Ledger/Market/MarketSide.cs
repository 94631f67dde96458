namespace EdgeController.Ledger.Market;

/// <summary>The "side" of an order or award.</summary>
public static class MarketSide
{
    /// <summary>Buying energy (importing from the community).</summary>
    public const string Buy = "buy";

    /// <summary>Selling energy (exporting to the community).</summary>
    public const string Sell = "sell";
}
