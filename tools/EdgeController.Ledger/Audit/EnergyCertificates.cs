using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using EdgeController.Core.Signing;
using Microsoft.Data.Sqlite;

namespace EdgeController.Ledger.Audit;

/// <summary>
/// Hourly energy certificates (EnergyTag granular certificates, docs/audit.md) from the signed PV
/// registers: one bundle per device per UTC hour, face value the hour's pv_fwd_mwh steps in whole
/// Wh rounded down, resting on the ledger entries whose register values it takes (the reading
/// before the hour's first one, and the hour's); its bundle hash is SHA-256 over their chain
/// hashes in idx order. Only steps between two readings with a synchronised clock (tq 1) count,
/// and an hour is issued only once the device has a reading at or after its end. Issuance and
/// claims are kept in the ledger database, so no Wh is issued or claimed twice.
/// </summary>
public static class EnergyCertificates
{
    private const long HourMilliseconds = 3_600_000;

    private const string CreateStatements = """
        CREATE TABLE IF NOT EXISTS certificates(
            bundle_hash BLOB PRIMARY KEY,
            dev TEXT NOT NULL,
            hour_start_ms INTEGER NOT NULL,
            face_wh INTEGER NOT NULL,
            issued_ms INTEGER NOT NULL,
            UNIQUE(dev, hour_start_ms));
        CREATE TABLE IF NOT EXISTS certificate_claims(
            id INTEGER PRIMARY KEY,
            bundle_hash BLOB NOT NULL REFERENCES certificates(bundle_hash),
            consumer TEXT NOT NULL,
            wh INTEGER NOT NULL,
            claimed_ms INTEGER NOT NULL);
        """;

    /// <summary>A device's registers summed over one hour.</summary>
    private sealed class Hour
    {
        public long PvMilliwattHours;
        public long LoadMilliwattHours;
        public long ChargeMilliwattHours;
        public long DischargeMilliwattHours;
        public long? SocStartPerMille;
        public long? SocEndPerMille;
        public List<byte[]> Hashes { get; } = [];
    }

    /// <summary>Issues what is due in [from, to) (device time) and reports; with claim, records the matching report's claims.</summary>
    public static string Run(string ledgerPath, long? fromMilliseconds, long? toMilliseconds, long nowMilliseconds, bool claim)
    {
        using SqliteConnection connection = new($"Data Source={ledgerPath};Pooling=False");
        connection.Open();
        using (SqliteCommand create = connection.CreateCommand())
        {
            create.CommandText = CreateStatements;
            create.ExecuteNonQuery();
        }

        (SortedDictionary<(string Device, long HourStart), Hour> hours, Dictionary<string, long> lastTime) = Scan(connection);
        using SqliteTransaction transaction = connection.BeginTransaction();
        List<Dictionary<string, object>> issued = [];
        List<Dictionary<string, object>> storage = [];
        foreach (((string device, long hourStart), Hour hour) in hours)
        {
            if ((fromMilliseconds is long from && hourStart < from) || (toMilliseconds is long to && hourStart + HourMilliseconds > to)
                || lastTime[device] < hourStart + HourMilliseconds)
            {
                continue; // outside the window, or the hour is not over yet for this device
            }

            if (hour.ChargeMilliwattHours > 0 || hour.DischargeMilliwattHours > 0)
            {
                storage.Add(new Dictionary<string, object>
                {
                    ["record"] = "storage", ["device"] = device, ["interval_start"] = Iso(hourStart), ["interval_end"] = Iso(hourStart + HourMilliseconds),
                    ["charged_wh"] = hour.ChargeMilliwattHours / 1000, ["discharged_wh"] = hour.DischargeMilliwattHours / 1000,
                    ["soc_start_permille"] = (object?)hour.SocStartPerMille ?? "", ["soc_end_permille"] = (object?)hour.SocEndPerMille ?? "",
                    // Charged minus discharged: the losses when the state of charge is back where
                    // it began; otherwise it includes what the battery still holds (see soc_*).
                    ["losses_wh"] = (hour.ChargeMilliwattHours - hour.DischargeMilliwattHours) / 1000,
                });
            }

            long face = hour.PvMilliwattHours / 1000;
            if (face == 0)
            {
                continue;
            }

            byte[] bundleHash = SHA256.HashData(hour.Hashes.SelectMany(hash => hash).ToArray());
            using SqliteCommand insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO certificates(bundle_hash, dev, hour_start_ms, face_wh, issued_ms) VALUES ($hash, $dev, $hour, $face, $now) ON CONFLICT DO NOTHING";
            insert.Parameters.AddWithValue("$hash", bundleHash);
            insert.Parameters.AddWithValue("$dev", device);
            insert.Parameters.AddWithValue("$hour", hourStart);
            insert.Parameters.AddWithValue("$face", face);
            insert.Parameters.AddWithValue("$now", nowMilliseconds);
            if (insert.ExecuteNonQuery() == 1)
            {
                issued.Add(Bundle(bundleHash, device, hourStart, face, nowMilliseconds, hour.Hashes.Count));
            }
        }

        List<Dictionary<string, object>> matching = Match(connection, transaction, hours, lastTime, fromMilliseconds, toMilliseconds, nowMilliseconds, claim);
        transaction.Commit();
        return JsonSerializer.Serialize(new Dictionary<string, object> { ["issued"] = issued, ["storage"] = storage, ["matching"] = matching });
    }

    private static List<Dictionary<string, object>> Match(SqliteConnection connection, SqliteTransaction transaction,
        SortedDictionary<(string Device, long HourStart), Hour> hours, Dictionary<string, long> lastTime, long? from, long? to, long now, bool claim)
    {
        List<Dictionary<string, object>> report = [];
        foreach (((string consumer, long hourStart), Hour hour) in hours)
        {
            long use = hour.LoadMilliwattHours / 1000;
            if (use == 0 || lastTime[consumer] < hourStart + HourMilliseconds || (from is long f && hourStart < f) || (to is long t && hourStart + HourMilliseconds > t))
            {
                continue;
            }

            // The hour's bundles (any device of the ledger) with what is left of them, oldest issuance first.
            List<(byte[] Hash, long Left)> available = [];
            using (SqliteCommand query = connection.CreateCommand())
            {
                query.Transaction = transaction;
                query.CommandText = "SELECT c.bundle_hash, c.face_wh - COALESCE((SELECT SUM(wh) FROM certificate_claims k WHERE k.bundle_hash = c.bundle_hash), 0) FROM certificates c WHERE c.hour_start_ms = $hour ORDER BY c.issued_ms, c.dev";
                query.Parameters.AddWithValue("$hour", hourStart);
                using SqliteDataReader reader = query.ExecuteReader();
                while (reader.Read())
                {
                    available.Add(((byte[])reader.GetValue(0), reader.GetInt64(1)));
                }
            }

            // What this consumer claimed for this hour before is not claimed again.
            long alreadyClaimed;
            using (SqliteCommand before = connection.CreateCommand())
            {
                before.Transaction = transaction;
                before.CommandText = "SELECT COALESCE(SUM(k.wh), 0) FROM certificate_claims k JOIN certificates c ON c.bundle_hash = k.bundle_hash WHERE k.consumer = $consumer AND c.hour_start_ms = $hour";
                before.Parameters.AddWithValue("$consumer", consumer);
                before.Parameters.AddWithValue("$hour", hourStart);
                alreadyClaimed = (long)before.ExecuteScalar()!;
            }

            long needed = Math.Max(0, use - alreadyClaimed);
            long wanted = needed;
            List<Dictionary<string, object>> claims = [];
            foreach ((byte[] hash, long left) in available)
            {
                long wh = Math.Min(left, needed);
                if (wh <= 0)
                {
                    continue;
                }

                claims.Add(new Dictionary<string, object> { ["bundle_hash"] = Convert.ToHexStringLower(hash), ["wh"] = wh });
                needed -= wh;
                if (claim)
                {
                    using SqliteCommand insert = connection.CreateCommand();
                    insert.Transaction = transaction;
                    insert.CommandText = "INSERT INTO certificate_claims(bundle_hash, consumer, wh, claimed_ms) VALUES ($hash, $consumer, $wh, $now)";
                    insert.Parameters.AddWithValue("$hash", hash);
                    insert.Parameters.AddWithValue("$consumer", consumer);
                    insert.Parameters.AddWithValue("$wh", wh);
                    insert.Parameters.AddWithValue("$now", now);
                    insert.ExecuteNonQuery();
                }
            }

            report.Add(new Dictionary<string, object>
            {
                ["consumer"] = consumer, ["interval_start"] = Iso(hourStart), ["use_wh"] = use, ["already_claimed_wh"] = alreadyClaimed, ["matched_wh"] = wanted - needed,
                ["claims"] = claims, ["claimed"] = claim,
            });
        }

        return report;
    }

    private static (SortedDictionary<(string, long), Hour>, Dictionary<string, long>) Scan(SqliteConnection connection)
    {
        SortedDictionary<(string, long), Hour> hours = new();
        Dictionary<string, long> lastTime = new(StringComparer.Ordinal);
        Dictionary<string, (long Pv, long Load, long Charge, long Discharge, bool Synchronised, byte[] Hash)> previous = new(StringComparer.Ordinal);
        using SqliteCommand query = connection.CreateCommand();
        query.CommandText = "SELECT dev, raw, hash FROM ledger ORDER BY dev, seq";
        using SqliteDataReader reader = query.ExecuteReader();
        while (reader.Read())
        {
            string device = reader.GetString(0);
            byte[] raw = (byte[])reader.GetValue(1);
            byte[] hash = (byte[])reader.GetValue(2);
            EnvelopeParts parts = new();
            if (SignedEnvelopeReader.TryParse(raw, raw.Length, parts) != EnvelopeError.None)
            {
                continue;
            }

            using JsonDocument document = JsonDocument.Parse(raw.AsMemory(parts.PayloadOffset, parts.PayloadLength));
            JsonElement payload = document.RootElement;
            if (payload.TryGetProperty("ev", out _) || !TryInteger(payload, "ts", out long time))
            {
                continue;
            }

            bool synchronised = TryInteger(payload, "tq", out long tq) && tq == 1;
            (long Pv, long Load, long Charge, long Discharge, bool Synchronised, byte[] Hash) now =
                (Register(payload, "pv_fwd_mwh"), Register(payload, "load_fwd_mwh"), Register(payload, "bat_fwd_mwh"), Register(payload, "bat_rev_mwh"), synchronised, hash);
            lastTime[device] = Math.Max(lastTime.GetValueOrDefault(device, long.MinValue), time);
            if (previous.TryGetValue(device, out var before) && synchronised && before.Synchronised)
            {
                long hourStart = time - (time % HourMilliseconds);
                if (!hours.TryGetValue((device, hourStart), out Hour? hour))
                {
                    hour = new Hour();
                    hours[(device, hourStart)] = hour;
                    hour.Hashes.Add(before.Hash); // the base the hour's first step is taken from
                }

                // A register that went back (state lost) counts as zero, as in the energy report.
                hour.PvMilliwattHours += Math.Max(0, now.Pv - before.Pv);
                hour.LoadMilliwattHours += Math.Max(0, now.Load - before.Load);
                hour.ChargeMilliwattHours += Math.Max(0, now.Charge - before.Charge);
                hour.DischargeMilliwattHours += Math.Max(0, now.Discharge - before.Discharge);
                if (TryInteger(payload, "soc_permille", out long soc))
                {
                    hour.SocStartPerMille ??= soc;
                    hour.SocEndPerMille = soc;
                }

                hour.Hashes.Add(hash);
            }

            previous[device] = now;
        }

        return (hours, lastTime);
    }

    private static Dictionary<string, object> Bundle(byte[] hash, string device, long hourStart, long face, long issued, int readings) => new()
    {
        ["record"] = "production",
        ["bundle_hash"] = Convert.ToHexStringLower(hash),
        ["device"] = device,
        ["energy_source"] = "solar",
        ["interval_start"] = Iso(hourStart),
        ["interval_end"] = Iso(hourStart + HourMilliseconds),
        ["face_value_wh"] = face,
        ["issued_at"] = Iso(issued),
        ["ledger_entries"] = readings,
    };

    private static string Iso(long unixMilliseconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static long Register(JsonElement payload, string name) => TryInteger(payload, name, out long value) ? value : 0;

    private static bool TryInteger(JsonElement payload, string name, out long value)
    {
        value = 0;
        return payload.TryGetProperty(name, out JsonElement element) && element.TryGetInt64(out value);
    }
}
