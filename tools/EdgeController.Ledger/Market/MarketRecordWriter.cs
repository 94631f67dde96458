using System.Buffers;
using System.Text.Json;
using EdgeController.Core.Signing;
using EdgeController.Hal;

namespace EdgeController.Ledger.Market;

/// <summary>
/// Writes the `_market` records of docs/design.md: one spelling each (fixed key order, integers
/// and short ASCII strings, no whitespace), so that a replay that writes the same record again
/// can compare bytes. Sealed in the EC1 envelope under the gateway's key, like its checkpoints.
/// </summary>
public static class MarketRecordWriter
{
    /// <summary>The device id of the market's own records.</summary>
    public const string MarketDevice = "_market";

    /// <summary>"ev" of the parameters record.</summary>
    public const string ParamsKind = "params";

    /// <summary>"ev" of a slot's result.</summary>
    public const string ResultKind = "result";

    /// <summary>"ev" of a settlement (or its correction).</summary>
    public const string SettlementKind = "settlement";

    /// <summary>The params payload.</summary>
    public static byte[] Params(long sequence, long timestamp, MarketParameters parameters) => Write(sequence, timestamp, ParamsKind, json =>
    {
        json.WriteString("scheme", MarketSchemeNames.Name(parameters.Scheme));
        if (parameters.Settlement != SettlementRule.Grid)
        {
            // Left out for "grid", so that params records from before netting keep their one spelling.
            json.WriteString("settlement", SettlementRuleNames.Name(parameters.Settlement));
        }

        json.WriteNumber("slot_ms", parameters.SlotMilliseconds);
        json.WriteNumber("gate_ms", parameters.GateClosureMilliseconds);
        json.WriteNumber("ahead_ms", parameters.AheadMilliseconds);
        json.WriteNumber("import", parameters.DefaultPrices.ImportMicrocurrencyPerKilowattHour);
        json.WriteNumber("feedin", parameters.DefaultPrices.FeedInMicrocurrencyPerKilowattHour);
        json.WriteStartArray("prices");
        foreach ((long slot, SlotPrices prices) in parameters.PricesBySlot.OrderBy(p => p.Key))
        {
            json.WriteStartObject();
            json.WriteNumber("slot", slot);
            json.WriteNumber("import", prices.ImportMicrocurrencyPerKilowattHour);
            json.WriteNumber("feedin", prices.FeedInMicrocurrencyPerKilowattHour);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("rated");
        foreach ((string device, long watts) in parameters.RatedWattsByDevice.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            json.WriteStartObject();
            json.WriteString("dev", device);
            json.WriteNumber("w", watts);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    });

    /// <summary>A slot's result payload; paramsIndex is the idx of the params record it was cleared with.</summary>
    public static byte[] Result(long sequence, long timestamp, long slot, MarketScheme scheme, ClearingOutcome outcome, IReadOnlyList<OrderRejection> rejected, long paramsIndex) =>
        Write(sequence, timestamp, ResultKind, json =>
        {
            json.WriteNumber("slot", slot);
            json.WriteString("scheme", MarketSchemeNames.Name(scheme));
            json.WriteNumber("price", outcome.PriceMicrocurrencyPerKilowattHour);
            json.WriteNumber("traded_wh", outcome.TradedWattHours);
            json.WriteStartArray("awards");
            foreach (MarketAward award in outcome.Awards)
            {
                json.WriteStartObject();
                json.WriteString("dev", award.Device);
                json.WriteString("side", award.Side);
                json.WriteNumber("wh", award.WattHours);
                json.WriteNumber("amount_nc", award.AmountNanocurrency);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("rejected");
            foreach (OrderRejection rejection in rejected)
            {
                json.WriteStartObject();
                json.WriteNumber("idx", rejection.Index);
                json.WriteString("reason", rejection.Reason);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteNumber("params", paramsIndex);
        });

    /// <summary>A settlement payload.</summary>
    public static byte[] Settlement(long sequence, long timestamp, MarketSettlement settlement) => Write(sequence, timestamp, SettlementKind, json =>
    {
        json.WriteNumber("slot", settlement.Slot);
        json.WriteString("device", settlement.Device);
        json.WriteString("rule", SettlementCalculator.InterpolationRule);
        if (settlement.Corrects is long corrects)
        {
            json.WriteNumber("corrects", corrects);
        }

        json.WriteNumber("import_mwh", settlement.ImportMilliwattHours);
        json.WriteNumber("export_mwh", settlement.ExportMilliwattHours);
        json.WriteNumber("traded_wh", settlement.TradedWattHours);
        json.WriteNumber("deviation_mwh", settlement.DeviationMilliwattHours);
        json.WriteNumber("price", settlement.ClearingPrice);
        json.WriteNumber("import_price", settlement.ImportPrice);
        json.WriteNumber("feedin_price", settlement.FeedInPrice);
        if (settlement.Rule == SettlementRule.Netted)
        {
            // Under "grid" these are left out: such records keep the spelling they had before netting.
            json.WriteNumber("slot_excess_mwh", settlement.SlotExcessMilliwattHours);
            json.WriteNumber("slot_shortfall_mwh", settlement.SlotShortfallMilliwattHours);
            json.WriteNumber("netted_mwh", settlement.NettedMilliwattHours);
            json.WriteNumber("netted_nc", settlement.NettedNanocurrency);
        }

        json.WriteNumber("market_nc", settlement.MarketNanocurrency);
        json.WriteNumber("deviation_nc", settlement.DeviationNanocurrency);
        json.WriteNumber("total_nc", settlement.TotalNanocurrency);
        json.WriteStartArray("readings");
        foreach ((long index, string hash) in settlement.Readings)
        {
            json.WriteStartObject();
            json.WriteNumber("idx", index);
            json.WriteString("hash", hash);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    });

    /// <summary>Wraps a payload in the EC1 envelope signed by signer.</summary>
    public static byte[] Seal(byte[] payload, IMessageSigner signer)
    {
        byte[] message = new byte[SignedEnvelopeWriter.PayloadOffset + payload.Length + 256];
        payload.CopyTo(message, SignedEnvelopeWriter.PayloadOffset);
        int length = new SignedEnvelopeWriter(signer).Seal(message, payload.Length);
        if (length < 0)
        {
            throw new InvalidOperationException("a market record could not be sealed");
        }

        return message[..length];
    }

    private static byte[] Write(long sequence, long timestamp, string kind, Action<Utf8JsonWriter> body)
    {
        ArrayBufferWriter<byte> buffer = new();
        using (Utf8JsonWriter json = new(buffer, new JsonWriterOptions { Indented = false, SkipValidation = false }))
        {
            json.WriteStartObject();
            json.WriteNumber("v", 1);
            json.WriteString("dev", MarketDevice);
            json.WriteNumber("seq", sequence);
            json.WriteNumber("ts", timestamp);
            json.WriteString("ev", kind);
            body(json);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
