using System.Text;
using System.Text.Json;
using EdgeController.Core.Signing;
using EdgeController.Core.Telemetry;
using EdgeController.Hal.Simulation.Signing;

namespace EdgeController.Ledger;

/// <summary>
/// A signed statement of the ledger's head, in the project's own envelope:
/// <c>EC1|{"v":1,"dev":"&lt;gateway id&gt;","ev":"checkpoint","idx":N,"hash":"&lt;hex&gt;","ts":T}|{"alg":"HS256","kid":..,"sig":..}</c>.
/// Published retained on ec/v1/&lt;site&gt;/ledger/head and stored in the ledger's checkpoints
/// table, it pins the chain: rewriting entries up to idx and recomputing their hashes no longer
/// goes unnoticed without the gateway's key.
/// </summary>
public static class LedgerCheckpoint
{
    /// <summary>The "ev" of a checkpoint.</summary>
    public const string EventKind = "checkpoint";

    /// <summary>Builds and signs the checkpoint message.</summary>
    public static byte[] Create(string gatewayId, GatewayKey key, long index, byte[] hash, long unixTimeMilliseconds)
    {
        byte[] message = new byte[1024];
        CompactJsonWriter json = new();
        json.Begin(message, SignedEnvelopeWriter.PayloadOffset);
        json.WriteInteger("v", 1);
        json.WriteString("dev", gatewayId);
        json.WriteString("ev", EventKind);
        json.WriteInteger("idx", index);
        json.WriteString("hash", Convert.ToHexStringLower(hash));
        json.WriteInteger("ts", unixTimeMilliseconds);
        json.End();
        int length = json.IsValid ? new SignedEnvelopeWriter(new HmacSha256Signer(key.KeyId, key.Key)).Seal(message, json.Length) : -1;
        if (length < 0)
        {
            throw new InvalidOperationException("a checkpoint does not fit its buffer (gateway id too long?)");
        }

        return message[..length];
    }

    /// <summary>Checks a stored checkpoint's signature and reads its idx and hash; null with a reason when it is not valid.</summary>
    public static (long Index, byte[] Hash)? Read(byte[] message, GatewayKey key, out string problem)
    {
        problem = "";
        EnvelopeParts parts = new();
        EnvelopeError error = SignedEnvelopeReader.TryParse(message, message.Length, parts);
        if (error != EnvelopeError.None || parts.KeyId != key.KeyId)
        {
            problem = error != EnvelopeError.None ? error.ToString() : $"signed with key id '{parts.KeyId}', not '{key.KeyId}'";
            return null;
        }

        byte[] expected = System.Security.Cryptography.HMACSHA256.HashData(key.Key, message.AsSpan(parts.PayloadOffset, parts.PayloadLength));
        if (!System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(expected, parts.Mac))
        {
            problem = "bad signature";
            return null;
        }

        using JsonDocument payload = JsonDocument.Parse(message.AsMemory(parts.PayloadOffset, parts.PayloadLength));
        JsonElement root = payload.RootElement;
        byte[]? hash = HexEncoding.DecodeString(root.GetProperty("hash").GetString());
        if (root.GetProperty("ev").GetString() != EventKind || hash is null || !root.GetProperty("idx").TryGetInt64(out long index))
        {
            problem = "not a checkpoint";
            return null;
        }

        return (index, hash);
    }

    /// <summary>The message as text (it is ASCII).</summary>
    public static string Text(byte[] message) => Encoding.ASCII.GetString(message);
}
