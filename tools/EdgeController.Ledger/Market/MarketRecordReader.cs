using System.Text.Json;

namespace EdgeController.Ledger.Market;

/// <summary>Reads back the parts of `_market` records that later records build on: the params, and a result's awards.</summary>
public static class MarketRecordReader
{
    /// <summary>Parses a params record's payload.</summary>
    public static bool TryReadParameters(JsonElement root, out MarketParameters? parameters)
    {
        parameters = null;
        try
        {
            if (!MarketSchemeNames.TryParse(root.GetProperty("scheme").GetString(), out MarketScheme scheme))
            {
                return false;
            }

            // Absent: a record from before netting, whose slots were settled at grid prices.
            SettlementRule settlement = SettlementRule.Grid;
            if (root.TryGetProperty("settlement", out JsonElement rule) && !SettlementRuleNames.TryParse(rule.GetString(), out settlement))
            {
                return false;
            }

            Dictionary<long, SlotPrices> prices = new();
            foreach (JsonElement entry in root.GetProperty("prices").EnumerateArray())
            {
                prices[entry.GetProperty("slot").GetInt64()] = new SlotPrices(entry.GetProperty("import").GetInt64(), entry.GetProperty("feedin").GetInt64());
            }

            Dictionary<string, long> rated = new(StringComparer.Ordinal);
            foreach (JsonElement entry in root.GetProperty("rated").EnumerateArray())
            {
                rated[entry.GetProperty("dev").GetString()!] = entry.GetProperty("w").GetInt64();
            }

            long slotMs = root.GetProperty("slot_ms").GetInt64();
            if (slotMs <= 0)
            {
                return false;
            }

            parameters = new MarketParameters(slotMs, root.GetProperty("gate_ms").GetInt64(), root.GetProperty("ahead_ms").GetInt64(), scheme,
                new SlotPrices(root.GetProperty("import").GetInt64(), root.GetProperty("feedin").GetInt64()), prices, rated, settlement);
            return true;
        }
        catch (Exception exception) when (exception is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return false;
        }
    }

    /// <summary>A result record's price, traded Wh and awards, as written.</summary>
    public static ClearingOutcome ReadOutcome(JsonElement root)
    {
        List<MarketAward> awards = [];
        foreach (JsonElement award in root.GetProperty("awards").EnumerateArray())
        {
            awards.Add(new MarketAward(award.GetProperty("dev").GetString()!, award.GetProperty("side").GetString()!,
                award.GetProperty("wh").GetInt64(), award.GetProperty("amount_nc").GetInt64()));
        }

        return new ClearingOutcome(root.GetProperty("price").GetInt64(), root.GetProperty("traded_wh").GetInt64(), awards);
    }
}
