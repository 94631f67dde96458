using System.Globalization;
using System.Text;
using System.Text.Json;
using EdgeController.Core.Signing;
using Microsoft.Data.Sqlite;

namespace EdgeController.Ledger.Audit;

/// <summary>
/// Readings as OCMF records, <c>OCMF|{payload}|{signature}</c>, signed by the gateway with its
/// ECDSA P-256 key ("SA":"ECDSA-secp256r1-SHA256", "SD" the DER signature in hex). The signed
/// bytes are exactly the payload between the first "|" and the next "|{", as written (ASCII).
/// Mapping (docs/audit.md): the gateway is GI/GS (GS the key's fingerprint), the device MS, each
/// energy register an RD entry with OBIS code 1-b:1.8.0 (forward) or 1-b:2.8.0 (reverse), b the
/// channel's position in the payload from 1, in Wh with 3 decimals; TM carries the device time
/// with status S when the reading's tq is 1, else I; a channel whose fault bit is set gets ST "E"
/// and EF "E", an unsynchronised clock EF "t". Events (entries with "ev") are not meter readings
/// and are left out.
/// </summary>
public static class OcmfExport
{
    /// <summary>The gateway's identification in GI.</summary>
    public const string GatewayIdentification = "EdgeController ec-gateway";

    /// <summary>Writes one record a line for the ledger's readings matching the filters; returns how many.</summary>
    public static int Write(string ledgerPath, TextWriter output, GatewaySigningKey key, string? deviceId, long? fromUnixMilliseconds, long? toUnixMilliseconds)
    {
        string fingerprint = key.Fingerprint();
        int written = 0;
        using SqliteConnection connection = new($"Data Source={ledgerPath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using SqliteCommand query = connection.CreateCommand();
        query.CommandText = "SELECT idx, raw FROM ledger WHERE ($dev IS NULL OR dev = $dev) ORDER BY idx";
        query.Parameters.AddWithValue("$dev", (object?)deviceId ?? DBNull.Value);
        using SqliteDataReader reader = query.ExecuteReader();
        while (reader.Read())
        {
            byte[] raw = (byte[])reader.GetValue(1);
            EnvelopeParts parts = new();
            if (SignedEnvelopeReader.TryParse(raw, raw.Length, parts) != EnvelopeError.None)
            {
                continue;
            }

            using JsonDocument document = JsonDocument.Parse(raw.AsMemory(parts.PayloadOffset, parts.PayloadLength));
            JsonElement reading = document.RootElement;
            if (reading.TryGetProperty("ev", out _) || !reading.TryGetProperty("ts", out JsonElement ts) || !ts.TryGetInt64(out long deviceTime)
                || (fromUnixMilliseconds is long from && deviceTime < from) || (toUnixMilliseconds is long to && deviceTime >= to))
            {
                continue;
            }

            string? payload = Payload(reader.GetInt64(0), reading, fingerprint);
            if (payload is not null)
            {
                output.WriteLine(Record(payload, key));
                written++;
            }
        }

        return written;
    }

    /// <summary>OCMF|payload|signature with the signature over the payload's bytes.</summary>
    public static string Record(string payload, GatewaySigningKey key)
    {
        byte[] signature = key.SignDer(Encoding.ASCII.GetBytes(payload));
        return "OCMF|" + payload + "|{\"SA\":\"ECDSA-secp256r1-SHA256\",\"SE\":\"hex\",\"SM\":\"application/x-der\",\"SD\":\"" + Convert.ToHexString(signature) + "\"}";
    }

    /// <summary>Splits a record into the signed payload bytes and the DER signature; null when it is not a record of this form.</summary>
    public static (byte[] Payload, byte[] Signature)? Split(string record)
    {
        const string signaturePrefix = "|{\"SA\":\"ECDSA-secp256r1-SHA256\"";
        int end = record.IndexOf(signaturePrefix, StringComparison.Ordinal);
        if (!record.StartsWith("OCMF|", StringComparison.Ordinal) || end < 0)
        {
            return null;
        }

        using JsonDocument signature = JsonDocument.Parse(record[(end + 1)..]);
        return (Encoding.ASCII.GetBytes(record[5..end]), Convert.FromHexString(signature.RootElement.GetProperty("SD").GetString()!));
    }

    /// <summary>The payload of one reading (ledger entry idx), or null when it has no energy register.</summary>
    public static string? Payload(long index, JsonElement reading, string gatewayFingerprint)
    {
        string device = reading.GetProperty("dev").GetString() ?? "";
        long deviceTime = reading.GetProperty("ts").GetInt64();
        bool synchronised = reading.TryGetProperty("tq", out JsonElement tq) && tq.TryGetInt64(out long quality) && quality == 1;
        long faults = reading.TryGetProperty("flt", out JsonElement flt) && flt.TryGetInt64(out long mask) ? mask : 0;
        string time = DateTimeOffset.FromUnixTimeMilliseconds(deviceTime).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss,fff", CultureInfo.InvariantCulture) + "+0000 " + (synchronised ? "S" : "I");

        using MemoryStream buffer = new();
        // Relaxed escaping: the default would write the "+" of TM as \u002B; ids are [A-Za-z0-9_-].
        using (Utf8JsonWriter json = new(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("FV", "1.0");
            json.WriteString("GI", GatewayIdentification);
            json.WriteString("GS", gatewayFingerprint);
            json.WriteString("GV", "1");
            json.WriteString("PG", "F" + index.ToString(CultureInfo.InvariantCulture));
            json.WriteString("MV", "EdgeController");
            json.WriteString("MM", "ec-device");
            json.WriteString("MS", device);
            json.WriteString("MF", "v" + (reading.TryGetProperty("v", out JsonElement v) ? v.GetRawText() : "1"));
            json.WriteBoolean("IS", false);
            json.WriteStartArray("RD");
            int channel = 0;
            int registers = 0;
            foreach (JsonProperty property in reading.EnumerateObject())
            {
                if (!property.Name.EndsWith("_fwd_mwh", StringComparison.Ordinal) && !property.Name.EndsWith("_rev_mwh", StringComparison.Ordinal))
                {
                    continue;
                }

                bool forward = property.Name.EndsWith("_fwd_mwh", StringComparison.Ordinal);
                if (forward)
                {
                    channel++; // the firmware writes each channel's fwd then rev, in board order
                }

                if (!property.Value.TryGetInt64(out long milliwattHours))
                {
                    continue;
                }

                bool channelFault = channel >= 1 && channel <= 8 && (faults & (1L << (channel - 1))) != 0;
                json.WriteStartObject();
                json.WriteString("TM", time);
                json.WritePropertyName("RV");
                json.WriteRawValue(WattHours(milliwattHours), skipInputValidation: true);
                json.WriteString("RI", $"1-{channel}:{(forward ? 1 : 2)}.8.0");
                json.WriteString("RU", "Wh");
                json.WriteString("RT", "DC");
                json.WriteString("EF", (channelFault ? "E" : "") + (synchronised ? "" : "t"));
                json.WriteString("ST", channelFault ? "E" : "G");
                json.WriteEndObject();
                registers++;
            }

            json.WriteEndArray();
            json.WriteEndObject();
            if (registers == 0)
            {
                return null;
            }
        }

        return Encoding.ASCII.GetString(buffer.ToArray());
    }

    private static string WattHours(long milliwattHours) =>
        string.Create(CultureInfo.InvariantCulture, $"{milliwattHours / 1000}.{Math.Abs(milliwattHours % 1000):D3}");
}
