using System.Text.Json;

namespace EdgeController.Ledger.Market;

/// <summary>
/// A site's market settings, from a JSON file the operator writes:
/// <c>{"scheme":"uniform-k0.5","slot_minutes":15,"gate_seconds":60,"ahead_hours":24,
/// "import":&lt;µ/kWh&gt;,"feedin":&lt;µ/kWh&gt;,"import_by_utc_hour":[24 prices, optional],
/// "rated_w":{"&lt;dev&gt;":&lt;W&gt;,...},"settlement":"netted"|"grid" (optional, netted)}</c>. The runner turns it into the params record for the
/// next day of slots (per-slot prices from the hourly table), appended whenever that changes.
/// </summary>
public sealed record MarketSiteConfig(MarketScheme Scheme, long SlotMilliseconds, long GateClosureMilliseconds, long AheadMilliseconds,
    SlotPrices DefaultPrices, long[]? ImportByUtcHour, IReadOnlyDictionary<string, long> RatedWatts, SettlementRule Settlement = SettlementRule.Netted)
{
    /// <summary>Reads the file; throws <see cref="FormatException"/> naming the problem.</summary>
    public static MarketSiteConfig Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>Parses the JSON text.</summary>
    public static MarketSiteConfig Parse(string json)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            JsonElement root = document.RootElement;
            string schemeName = root.TryGetProperty("scheme", out JsonElement s) ? s.GetString() ?? "" : "uniform-k0.5";
            if (!MarketSchemeNames.TryParse(schemeName, out MarketScheme scheme))
            {
                throw new FormatException($"scheme '{schemeName}' is not one of {string.Join(", ", MarketSchemeNames.All)}");
            }

            string ruleName = root.TryGetProperty("settlement", out JsonElement r) ? r.GetString() ?? "" : SettlementRuleNames.Netted;
            if (!SettlementRuleNames.TryParse(ruleName, out SettlementRule settlement))
            {
                throw new FormatException($"settlement '{ruleName}' is not one of {SettlementRuleNames.Netted}, {SettlementRuleNames.Grid}");
            }

            long slotMinutes = root.TryGetProperty("slot_minutes", out JsonElement m) ? m.GetInt64() : 15;
            if (slotMinutes <= 0 || 1440 % slotMinutes != 0)
            {
                throw new FormatException("slot_minutes must divide a day");
            }

            long[]? hourly = root.TryGetProperty("import_by_utc_hour", out JsonElement h) ? h.EnumerateArray().Select(e => e.GetInt64()).ToArray() : null;
            if (hourly is not null && hourly.Length != 24)
            {
                throw new FormatException("import_by_utc_hour needs 24 prices");
            }

            Dictionary<string, long> rated = new(StringComparer.Ordinal);
            foreach (JsonProperty device in root.GetProperty("rated_w").EnumerateObject())
            {
                rated[device.Name] = device.Value.GetInt64();
            }

            return new MarketSiteConfig(scheme, slotMinutes * 60_000,
                (root.TryGetProperty("gate_seconds", out JsonElement g) ? g.GetInt64() : 60) * 1000,
                (root.TryGetProperty("ahead_hours", out JsonElement a) ? a.GetInt64() : 24) * 3_600_000,
                new SlotPrices(root.GetProperty("import").GetInt64(), root.GetProperty("feedin").GetInt64()), hourly, rated, settlement);
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"market config: {exception.Message}");
        }
    }

    /// <summary>The params for the slots of the UTC day that contains dayTime and the next day (hourly prices as per-slot entries).</summary>
    public MarketParameters ParametersFor(long dayTime)
    {
        Dictionary<long, SlotPrices> prices = new();
        if (ImportByUtcHour is not null)
        {
            long dayStart = dayTime - (((dayTime % 86_400_000) + 86_400_000) % 86_400_000);
            for (long slot = dayStart; slot < dayStart + (2 * 86_400_000); slot += SlotMilliseconds)
            {
                int hour = (int)((slot - dayStart) / 3_600_000 % 24);
                prices[slot] = new SlotPrices(ImportByUtcHour[hour], DefaultPrices.FeedInMicrocurrencyPerKilowattHour);
            }
        }

        return new MarketParameters(SlotMilliseconds, GateClosureMilliseconds, AheadMilliseconds, Scheme, DefaultPrices, prices, RatedWatts, Settlement);
    }
}
