namespace EdgeController.Ledger.Market;

/// <summary>The spelling of each settlement rule in the params record and the site's settings file.</summary>
public static class SettlementRuleNames
{
    /// <summary>"grid".</summary>
    public const string Grid = "grid";

    /// <summary>"netted".</summary>
    public const string Netted = "netted";

    /// <summary>The record spelling of a rule.</summary>
    public static string Name(SettlementRule rule) => rule == SettlementRule.Netted ? Netted : Grid;

    /// <summary>Parses a spelling; false when unknown.</summary>
    public static bool TryParse(string? name, out SettlementRule rule)
    {
        rule = name == Netted ? SettlementRule.Netted : SettlementRule.Grid;
        return name is Netted or Grid;
    }
}
