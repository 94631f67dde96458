using System.Text.Json;
using EdgeController.Core.Signing;
using Microsoft.Data.Sqlite;

namespace EdgeController.Ledger;

/// <summary>
/// Recomputes a ledger's whole chain from its first entry and names the first that does not
/// match: an index out of sequence, a prev_hash that is not the previous hash, a hash that is not
/// SHA-256(prev_hash || idx || raw), dev or seq columns that disagree with the raw message, and,
/// when a key registry is given, a signature that does not verify. Read-only.
/// </summary>
public static class LedgerChainVerifier
{
    /// <summary>Verifies the ledger file at path.</summary>
    public static ChainVerification Verify(string path, KeyRegistry? registry = null)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"ledger '{path}' does not exist", path);
        }

        using SqliteConnection connection = new(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        using SqliteCommand query = connection.CreateCommand();
        query.CommandText = "SELECT idx, dev, seq, raw, prev_hash, hash FROM ledger ORDER BY idx";
        using SqliteDataReader reader = query.ExecuteReader();

        ReadingVerifier? signatureVerifier = registry is null ? null : new ReadingVerifier(registry);
        byte[] previousHash = LedgerHash.Genesis();
        long expectedIndex = 1;
        long checkedEntries = 0;
        while (reader.Read())
        {
            long index = reader.GetInt64(0);
            string problem = CheckEntry(reader, index, expectedIndex, previousHash, signatureVerifier, out byte[] hash);
            if (problem.Length > 0)
            {
                return new ChainVerification(checkedEntries, index, problem, previousHash);
            }

            previousHash = hash;
            expectedIndex++;
            checkedEntries++;
        }

        return new ChainVerification(checkedEntries, null, "", previousHash);
    }

    private static string CheckEntry(SqliteDataReader reader, long index, long expectedIndex, byte[] previousHash, ReadingVerifier? signatureVerifier, out byte[] computedHash)
    {
        computedHash = [];
        if (index != expectedIndex)
        {
            return $"index {index} where {expectedIndex} was expected (an entry is missing or inserted)";
        }

        if (reader.IsDBNull(3) || reader.IsDBNull(4) || reader.IsDBNull(5))
        {
            return "raw, prev_hash or hash is NULL";
        }

        byte[] raw = (byte[])reader.GetValue(3);
        byte[] storedPrevious = (byte[])reader.GetValue(4);
        byte[] storedHash = (byte[])reader.GetValue(5);
        if (!storedPrevious.AsSpan().SequenceEqual(previousHash))
        {
            return "prev_hash is not the hash of the entry before it";
        }

        computedHash = LedgerHash.Compute(previousHash, index, raw);
        if (!storedHash.AsSpan().SequenceEqual(computedHash))
        {
            return "hash does not match SHA-256(prev_hash || idx || raw): the entry was altered";
        }

        string columnProblem = CheckColumnsAgainstRaw(reader.GetString(1), reader.GetInt64(2), raw);
        if (columnProblem.Length > 0)
        {
            return columnProblem;
        }

        // market (issue 13): the gateway's own records ('_' ids) are not in the device registry;
        // verify --market checks them with the gateway key.
        if (signatureVerifier is not null && !IsGatewayRecord(reader.GetString(1)))
        {
            VerificationResult result = signatureVerifier.Verify(null, raw);
            if (!result.IsValid)
            {
                return $"signature check failed: {result.Reason} {result.Detail}";
            }
        }

        return "";
    }

    private static bool IsGatewayRecord(string device) => device.StartsWith('_');

    private static string CheckColumnsAgainstRaw(string deviceColumn, long sequenceColumn, byte[] raw)
    {
        EnvelopeParts parts = new();
        EnvelopeError error = SignedEnvelopeReader.TryParse(raw, raw.Length, parts);
        // market (issue 13): gateway records may exceed the device reader's size cap.
        Market.MarketEnvelope? gatewayEnvelope = IsGatewayRecord(deviceColumn) ? Market.MarketEnvelope.TryParse(raw) : null;
        if (error != EnvelopeError.None && gatewayEnvelope is null)
        {
            return $"raw is not a signed envelope ({error})";
        }

        string messageDevice = gatewayEnvelope?.DeviceId ?? parts.DeviceId;
        if (messageDevice != deviceColumn)
        {
            return $"dev column '{deviceColumn}' differs from the message's '{messageDevice}'";
        }

        try
        {
            using JsonDocument payload = gatewayEnvelope is not null
                ? JsonDocument.Parse(raw.AsMemory(gatewayEnvelope.PayloadOffset, gatewayEnvelope.PayloadLength))
                : JsonDocument.Parse(raw.AsMemory(parts.PayloadOffset, parts.PayloadLength));
            if (!payload.RootElement.TryGetProperty("seq", out JsonElement seq) || !seq.TryGetInt64(out long sequence) || sequence != sequenceColumn)
            {
                return $"seq column {sequenceColumn} differs from the message's seq";
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            return "the message's payload is not JSON";
        }

        return "";
    }
}
