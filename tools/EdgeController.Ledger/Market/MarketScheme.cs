namespace EdgeController.Ledger.Market;

/// <summary>How a slot's book is priced (docs/market.md gives each formula, rounding and tie rule).</summary>
public enum MarketScheme
{
    /// <summary>Two-sided uniform price, k = 1/2 (the default of docs/design.md): "uniform-k0.5".</summary>
    UniformK05,

    /// <summary>Two-sided pay-as-bid: each matched Wh at the buyer's limit: "pay-as-bid".</summary>
    PayAsBid,

    /// <summary>Supply-demand ratio pricing (Liu et al., IEEE TPWRS 2017): "sdr".</summary>
    SupplyDemandRatio,

    /// <summary>Mid-market rate, halfway between import and feed-in: "mmr".</summary>
    MidMarketRate,

    /// <summary>Bill sharing, the one-meter saving split by each side's energy: "bill-sharing".</summary>
    BillSharing,
}
