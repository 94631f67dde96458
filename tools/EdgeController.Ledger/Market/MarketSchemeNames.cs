namespace EdgeController.Ledger.Market;

/// <summary>The spelling of each scheme in the ledger's params and result records.</summary>
public static class MarketSchemeNames
{
    private static readonly (MarketScheme Scheme, string Name)[] s_names =
    [
        (MarketScheme.UniformK05, "uniform-k0.5"),
        (MarketScheme.PayAsBid, "pay-as-bid"),
        (MarketScheme.SupplyDemandRatio, "sdr"),
        (MarketScheme.MidMarketRate, "mmr"),
        (MarketScheme.BillSharing, "bill-sharing"),
    ];

    /// <summary>Every name, in the enum's order.</summary>
    public static IReadOnlyList<string> All => s_names.Select(entry => entry.Name).ToList();

    /// <summary>The record spelling of a scheme.</summary>
    public static string Name(MarketScheme scheme) => s_names.First(entry => entry.Scheme == scheme).Name;

    /// <summary>Parses a record spelling; false when unknown.</summary>
    public static bool TryParse(string? name, out MarketScheme scheme)
    {
        foreach ((MarketScheme candidate, string spelling) in s_names)
        {
            if (spelling == name)
            {
                scheme = candidate;
                return true;
            }
        }

        scheme = MarketScheme.UniformK05;
        return false;
    }
}
