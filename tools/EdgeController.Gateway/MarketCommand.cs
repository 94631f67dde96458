using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EdgeController.Ledger;
using EdgeController.Ledger.Market;

namespace EdgeController.Gateway;

/// <summary>
/// `market`: the local energy market from the ledger alone: per slot the book at gate closure,
/// the rejected orders, the result and the settlements; then per device its totals; then the
/// rejections by reason. key=value lines. `market export` writes the same as JSON lines or CSV.
/// </summary>
internal static class MarketCommand
{
    public static Command Create()
    {
        Option<FileInfo> ledger = GatewayOptions.LedgerFile("The ledger database (SQLite) to read the market from.");
        Option<string?> device = new("--device") { Description = "Only this device's orders, awards and settlements." };
        Command command = new("market", "Show the market: each slot's book, result and settlements, and each device's totals.") { ledger, device, ExportCommandOf() };
        command.SetAction(parseResult => Show(parseResult.GetRequiredValue(ledger), parseResult.GetValue(device)));
        return command;
    }

    private static Command ExportCommandOf()
    {
        Option<FileInfo> ledger = GatewayOptions.LedgerFile("The ledger database (SQLite) to export the market from.");
        Option<string> format = new("--format") { Description = "jsonl or csv.", DefaultValueFactory = _ => "jsonl" };
        format.AcceptOnlyFromAmong("jsonl", "csv");
        Command export = new("export", "One line per order in the book at gate closure, per result (with its awards) and per settlement.") { ledger, format };
        export.SetAction(parseResult => Export(parseResult.GetRequiredValue(ledger), parseResult.GetValue(format) == "csv"));
        return export;
    }

    private static int Show(FileInfo ledgerFile, string? onlyDevice)
    {
        if (!TryRead(ledgerFile, out IReadOnlyList<SlotHistory> slots))
        {
            return VerifyCommand.ExitCannotRead;
        }

        Dictionary<string, long> rejectedByReason = new(StringComparer.Ordinal);
        SortedDictionary<string, (long Bought, long Sold, long MarketNano, long TotalNano, int Slots)> devices = new(StringComparer.Ordinal);
        foreach (SlotHistory slot in slots)
        {
            JsonElement result = slot.Result.Root;
            Console.WriteLine(Invariant($"slot={Time(slot.Slot)} slot_ms={slot.Slot} scheme={result.GetProperty("scheme").GetString()} price={result.GetProperty("price").GetInt64()} traded_wh={result.GetProperty("traded_wh").GetInt64()} buys={slot.Book.Buys.Count} sells={slot.Book.Sells.Count} rejected={slot.Book.Rejected.Count} result_idx={slot.Result.Index}"));
            foreach (MarketOrder order in slot.Book.Buys.Concat(slot.Book.Sells).Where(o => onlyDevice is null || o.Device == onlyDevice))
            {
                Console.WriteLine(Invariant($"  order dev={order.Device} side={order.Side} wh={order.WattHours} price={order.PriceMicrocurrencyPerKilowattHour} idx={order.Index}"));
            }

            foreach (OrderRejection rejection in slot.Book.Rejected)
            {
                rejectedByReason[rejection.Reason] = rejectedByReason.GetValueOrDefault(rejection.Reason) + 1;
                Console.WriteLine(Invariant($"  rejected idx={rejection.Index} reason={rejection.Reason}"));
            }

            foreach (MarketAward award in MarketRecordReader.ReadOutcome(result).Awards.Where(a => onlyDevice is null || a.Device == onlyDevice))
            {
                Console.WriteLine(Invariant($"  award dev={award.Device} side={award.Side} wh={award.WattHours} amount_nc={award.AmountNanocurrency}"));
            }

            // The newest settlement of each device counts (a correction replaces, never edits).
            Dictionary<string, JsonElement> newest = new(StringComparer.Ordinal);
            foreach (MarketRecord settlement in slot.Settlements)
            {
                JsonElement s = settlement.Root;
                string dev = s.GetProperty("device").GetString() ?? "";
                newest[dev] = s;
                if (onlyDevice is null || dev == onlyDevice)
                {
                    string corrects = s.TryGetProperty("corrects", out JsonElement c) ? Invariant($" corrects={c.GetInt64()}") : "";
                    Console.WriteLine(Invariant($"  settlement dev={dev} idx={settlement.Index}{corrects} import_mwh={s.GetProperty("import_mwh").GetInt64()} export_mwh={s.GetProperty("export_mwh").GetInt64()} traded_wh={s.GetProperty("traded_wh").GetInt64()} deviation_mwh={s.GetProperty("deviation_mwh").GetInt64()}{Netted(s)} market_nc={s.GetProperty("market_nc").GetInt64()} deviation_nc={s.GetProperty("deviation_nc").GetInt64()} total_nc={s.GetProperty("total_nc").GetInt64()}"));
                }
            }

            foreach ((string dev, JsonElement s) in newest)
            {
                long traded = s.GetProperty("traded_wh").GetInt64();
                var totals = devices.GetValueOrDefault(dev);
                devices[dev] = (totals.Bought + Math.Max(0, -traded), totals.Sold + Math.Max(0, traded),
                    totals.MarketNano + s.GetProperty("market_nc").GetInt64(), totals.TotalNano + s.GetProperty("total_nc").GetInt64(), totals.Slots + 1);
            }
        }

        foreach ((string dev, var totals) in devices.Where(d => onlyDevice is null || d.Key == onlyDevice))
        {
            Console.WriteLine(Invariant($"device={dev} settled_slots={totals.Slots} bought_wh={totals.Bought} sold_wh={totals.Sold} market_nc={totals.MarketNano} total_nc={totals.TotalNano}"));
        }

        Console.WriteLine(Invariant($"slots_cleared={slots.Count}"));
        foreach ((string reason, long count) in rejectedByReason.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            Console.WriteLine(Invariant($"rejected_{reason}={count}"));
        }

        return 0;
    }

    private static int Export(FileInfo ledgerFile, bool csv)
    {
        if (!TryRead(ledgerFile, out IReadOnlyList<SlotHistory> slots))
        {
            return VerifyCommand.ExitCannotRead;
        }

        if (csv)
        {
            Console.WriteLine("kind,slot,dev,side,wh,price,idx,traded_wh,awards,corrects,import_mwh,export_mwh,deviation_mwh,market_nc,deviation_nc,total_nc,netted_mwh,netted_nc");
        }

        foreach (SlotHistory slot in slots)
        {
            foreach (MarketOrder order in slot.Book.Buys.Concat(slot.Book.Sells).OrderBy(o => o.Index))
            {
                Console.WriteLine(csv
                    ? Invariant($"order,{order.Slot},{order.Device},{order.Side},{order.WattHours},{order.PriceMicrocurrencyPerKilowattHour},{order.Index},,,,,,,,,,,")
                    : Json(new() { ["kind"] = "order", ["slot"] = order.Slot, ["dev"] = order.Device, ["side"] = order.Side, ["wh"] = order.WattHours, ["price"] = order.PriceMicrocurrencyPerKilowattHour, ["idx"] = order.Index }));
            }

            JsonElement result = slot.Result.Root;
            ClearingOutcome outcome = MarketRecordReader.ReadOutcome(result);
            Console.WriteLine(csv
                ? Invariant($"result,{slot.Slot},,,,{outcome.PriceMicrocurrencyPerKilowattHour},{slot.Result.Index},{outcome.TradedWattHours},{string.Join(';', outcome.Awards.Select(a => Invariant($"{a.Device}:{a.Side}:{a.WattHours}:{a.AmountNanocurrency}")))},,,,,,,,,")
                : Json(new()
                {
                    ["kind"] = "result", ["slot"] = slot.Slot, ["price"] = outcome.PriceMicrocurrencyPerKilowattHour, ["traded_wh"] = outcome.TradedWattHours,
                    ["awards"] = outcome.Awards.Select(a => new Dictionary<string, object> { ["dev"] = a.Device, ["side"] = a.Side, ["wh"] = a.WattHours, ["amount_nc"] = a.AmountNanocurrency }).ToList(),
                    ["idx"] = slot.Result.Index,
                }));
            foreach (MarketRecord settlement in slot.Settlements)
            {
                JsonElement s = settlement.Root;
                long? corrects = MarketLedgerView.Integer(s, "corrects");
                Dictionary<string, object> line = new() { ["kind"] = "settlement", ["idx"] = settlement.Index };
                foreach (JsonProperty property in s.EnumerateObject().Where(p => p.Name is not ("v" or "dev" or "seq" or "ts" or "ev")))
                {
                    line[property.Name] = property.Value;
                }

                Console.WriteLine(csv
                    ? Invariant($"settlement,{slot.Slot},{s.GetProperty("device").GetString()},,,{s.GetProperty("price").GetInt64()},{settlement.Index},{s.GetProperty("traded_wh").GetInt64()},,{corrects?.ToString(CultureInfo.InvariantCulture) ?? ""},{s.GetProperty("import_mwh").GetInt64()},{s.GetProperty("export_mwh").GetInt64()},{s.GetProperty("deviation_mwh").GetInt64()},{s.GetProperty("market_nc").GetInt64()},{s.GetProperty("deviation_nc").GetInt64()},{s.GetProperty("total_nc").GetInt64()},{Optional(s, "netted_mwh")},{Optional(s, "netted_nc")}")
                    : Json(line));
            }
        }

        return 0;
    }

    /// <summary>" netted_mwh=.. netted_nc=.." of a "netted" settlement; nothing for a "grid" one.</summary>
    private static string Netted(JsonElement settlement) =>
        settlement.TryGetProperty("netted_mwh", out JsonElement mwh) && settlement.TryGetProperty("netted_nc", out JsonElement nano)
            ? Invariant($" netted_mwh={mwh.GetInt64()} netted_nc={nano.GetInt64()}")
            : "";

    /// <summary>An integer field as CSV text, empty when the record has none.</summary>
    private static string Optional(JsonElement record, string name) =>
        MarketLedgerView.Integer(record, name)?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static bool TryRead(FileInfo ledgerFile, out IReadOnlyList<SlotHistory> slots)
    {
        slots = [];
        try
        {
            slots = MarketHistory.Read(ledgerFile.FullName).Slots;
            return true;
        }
        catch (Exception exception) when (exception is FileNotFoundException or Microsoft.Data.Sqlite.SqliteException)
        {
            Console.Error.WriteLine($"error: {exception.Message}");
            return false;
        }
    }

    private static string Json(Dictionary<string, object> line) => JsonSerializer.Serialize(line);

    private static string Time(long unixMilliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
