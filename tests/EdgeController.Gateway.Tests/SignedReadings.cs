using System.Text;
using EdgeController.Core.Signing;
using EdgeController.Core.Telemetry;
using EdgeController.Hal.Simulation.Signing;
using EdgeController.Ledger;

namespace EdgeController.Gateway.Tests;

/// <summary>Builds real signed readings with Core's writer, for gateway tests.</summary>
public static class SignedReadings
{
    public static readonly byte[] KeyA = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    public static readonly byte[] KeyB = Enumerable.Range(50, 32).Select(i => (byte)i).ToArray();

    public static KeyRegistry Registry()
    {
        KeyRegistry registry = KeyRegistry.Empty();
        registry.Set("dev-a", "k1", KeyA);
        registry.Set("dev-b", "k1", KeyB);
        return registry;
    }

    public static string Topic(string device) => $"ec/v1/site1/{device}/reading";

    public static byte[] Reading(string device, long seq, byte[]? key = null, string keyId = "k1", long energyMilliwattHours = 0)
    {
        byte[] message = new byte[512];
        CompactJsonWriter json = new();
        json.Begin(message, SignedEnvelopeWriter.PayloadOffset);
        WriteHeader(json, device, seq);
        json.WriteInteger("per", 1000);
        json.WriteInteger("grid_fwd_mwh", energyMilliwattHours);
        json.WriteString("mode", "auto");
        json.WriteInteger("flt", 0);
        json.End();
        byte[] signingKey = key ?? (device == "dev-b" ? KeyB : KeyA);
        int length = new SignedEnvelopeWriter(new HmacSha256Signer(keyId, signingKey)).Seal(message, json.Length);
        return message[..length];
    }

    /// <summary>Any payload text, signed with the device's key: for payloads the firmware's writer would never make.</summary>
    public static byte[] SignedPayload(string device, string payload, byte[]? key = null)
    {
        byte[] message = new byte[payload.Length + 256];
        int payloadLength = Encoding.ASCII.GetBytes(payload, 0, payload.Length, message, SignedEnvelopeWriter.PayloadOffset);
        int length = new SignedEnvelopeWriter(new HmacSha256Signer("k1", key ?? (device == "dev-b" ? KeyB : KeyA))).Seal(message, payloadLength);
        return message[..length];
    }

    public static string EventTopic(string device) => $"ec/v1/site1/{device}/event";

    /// <summary>A signed event as the firmware writes it: the reading header, then "ev".</summary>
    public static byte[] Event(string device, long seq, string kind = "config")
    {
        byte[] message = new byte[512];
        CompactJsonWriter json = new();
        json.Begin(message, SignedEnvelopeWriter.PayloadOffset);
        WriteHeader(json, device, seq);
        json.WriteString("ev", kind);
        json.End();
        int length = new SignedEnvelopeWriter(new HmacSha256Signer("k1", device == "dev-b" ? KeyB : KeyA)).Seal(message, json.Length);
        return message[..length];
    }

    /// <summary>The fixed header of every signed payload: v, dev, boot, seq, ts, tq.</summary>
    private static void WriteHeader(CompactJsonWriter json, string device, long seq)
    {
        json.WriteInteger("v", 1);
        json.WriteString("dev", device);
        json.WriteInteger("boot", 1);
        json.WriteInteger("seq", seq);
        json.WriteInteger("ts", 1_782_036_000_000 + (seq * 1000));
        json.WriteInteger("tq", 1);
    }

    public static string Text(byte[] raw) => Encoding.ASCII.GetString(raw);
}
