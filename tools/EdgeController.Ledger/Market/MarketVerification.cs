namespace EdgeController.Ledger.Market;

/// <summary>The outcome of replaying the market: records checked, and the first that did not reproduce (null when all did).</summary>
public sealed record MarketVerification(int RecordsChecked, long? FirstBadIndex, string Problem)
{
    /// <summary>True when every record reproduced.</summary>
    public bool IsValid => FirstBadIndex is null;
}
