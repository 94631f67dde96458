using System.Text.Json;
using EdgeController.Core.Signing;

namespace EdgeController.Ledger.Market;

/// <summary>
/// Splits a gateway record's EC1 envelope like <see cref="SignedEnvelopeReader"/> (first and
/// last '|', the same signature block) but without the device reader's 4096-byte cap: a result
/// of a thousand awards is tens of kilobytes, and devices never read these records.
/// </summary>
public sealed record MarketEnvelope(string DeviceId, int PayloadOffset, int PayloadLength, string KeyId, byte[] Mac)
{
    /// <summary>Parses raw; null when it is not an EC1 envelope with a v1 payload and an HS256 signature block.</summary>
    public static MarketEnvelope? TryParse(byte[] raw)
    {
        ReadOnlySpan<byte> prefix = "EC1|"u8;
        int last = Array.LastIndexOf(raw, (byte)'|');
        if (raw.Length < prefix.Length || !raw.AsSpan(0, prefix.Length).SequenceEqual(prefix) || last < prefix.Length)
        {
            return null;
        }

        try
        {
            using JsonDocument payload = JsonDocument.Parse(raw.AsMemory(prefix.Length, last - prefix.Length));
            using JsonDocument signature = JsonDocument.Parse(raw.AsMemory(last + 1));
            string? device = payload.RootElement.GetProperty("dev").GetString();
            string? keyId = signature.RootElement.GetProperty("kid").GetString();
            byte[]? mac = HexEncoding.DecodeString(signature.RootElement.GetProperty("sig").GetString());
            if (payload.RootElement.GetProperty("v").GetInt64() != 1 || signature.RootElement.GetProperty("alg").GetString() != "HS256"
                || device is null || keyId is null || mac is null || mac.Length != SignedEnvelope.MacBytes)
            {
                return null;
            }

            return new MarketEnvelope(device, prefix.Length, last - prefix.Length, keyId, mac);
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
