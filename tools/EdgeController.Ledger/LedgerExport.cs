using System.Globalization;
using System.Text;
using System.Text.Json;
using EdgeController.Core.Signing;
using Microsoft.Data.Sqlite;

namespace EdgeController.Ledger;

/// <summary>
/// Writes ledger entries for accounting: one row per entry with its chain fields and the
/// payload's own keys, as CSV (columns: the fixed ones, then every payload key seen, in first-seen
/// order) or JSON lines (the payload object with idx, received_ms and hash added). Filters by
/// device and by device time ("ts", Unix ms, from inclusive, to exclusive). Read-only.
/// </summary>
public static class LedgerExport
{
    /// <summary>Output formats.</summary>
    public enum Format
    {
        /// <summary>Comma-separated values with a header line.</summary>
        Csv,

        /// <summary>One JSON object per line.</summary>
        JsonLines,
    }

    /// <summary>Exports entries matching the filters to output; returns how many were written.</summary>
    public static int Write(string ledgerPath, TextWriter output, Format format, string? deviceId, long? fromUnixMilliseconds, long? toUnixMilliseconds)
    {
        List<(long Index, string Device, long Sequence, long Received, string Hash, JsonElement Payload)> rows = [];
        using (SqliteConnection connection = new($"Data Source={ledgerPath};Mode=ReadOnly;Pooling=False"))
        {
            connection.Open();
            using SqliteCommand query = connection.CreateCommand();
            query.CommandText = "SELECT idx, dev, seq, received_ms, raw, hash FROM ledger WHERE ($dev IS NULL OR dev = $dev) ORDER BY idx";
            query.Parameters.AddWithValue("$dev", (object?)deviceId ?? DBNull.Value);
            using SqliteDataReader reader = query.ExecuteReader();
            while (reader.Read())
            {
                byte[] raw = (byte[])reader.GetValue(4);
                EnvelopeParts parts = new();
                if (SignedEnvelopeReader.TryParse(raw, raw.Length, parts) != EnvelopeError.None)
                {
                    continue; // verify reports such an entry; export carries only readable ones
                }

                using JsonDocument payload = JsonDocument.Parse(raw.AsMemory(parts.PayloadOffset, parts.PayloadLength));
                long deviceTime = payload.RootElement.TryGetProperty("ts", out JsonElement ts) && ts.TryGetInt64(out long t) ? t : 0;
                if ((fromUnixMilliseconds is long from && deviceTime < from) || (toUnixMilliseconds is long to && deviceTime >= to))
                {
                    continue;
                }

                rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3),
                    Convert.ToHexStringLower((byte[])reader.GetValue(5)), payload.RootElement.Clone()));
            }
        }

        if (format == Format.JsonLines)
        {
            foreach (var row in rows)
            {
                Dictionary<string, JsonElement> line = new(StringComparer.Ordinal);
                foreach (JsonProperty property in row.Payload.EnumerateObject())
                {
                    line[property.Name] = property.Value;
                }

                output.WriteLine(JsonSerializer.Serialize(new SortedDictionary<string, object>(StringComparer.Ordinal)
                {
                    ["idx"] = row.Index,
                    ["received_ms"] = row.Received,
                    ["hash"] = row.Hash,
                    ["payload"] = line,
                }));
            }

            return rows.Count;
        }

        List<string> payloadKeys = [];
        foreach (var row in rows)
        {
            foreach (JsonProperty property in row.Payload.EnumerateObject())
            {
                if (!payloadKeys.Contains(property.Name))
                {
                    payloadKeys.Add(property.Name);
                }
            }
        }

        output.WriteLine(string.Join(',', new[] { "idx", "received_ms", "hash" }.Concat(payloadKeys)));
        foreach (var row in rows)
        {
            IEnumerable<string> values = payloadKeys.Select(key => row.Payload.TryGetProperty(key, out JsonElement value) ? CsvField(value) : "");
            output.WriteLine(string.Join(',', new[] { row.Index.ToString(CultureInfo.InvariantCulture), row.Received.ToString(CultureInfo.InvariantCulture), row.Hash }.Concat(values)));
        }

        return rows.Count;
    }

    private static string CsvField(JsonElement value)
    {
        string text = value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : value.GetRawText();
        return text.IndexOfAny([',', '"', '\n', '\r']) < 0 ? text : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
