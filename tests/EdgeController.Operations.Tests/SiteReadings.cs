using EdgeController.Core.Signing;
using EdgeController.Core.Telemetry;
using EdgeController.Hal.Simulation.Signing;
using EdgeController.Ledger;

namespace EdgeController.Operations.Tests;

/// <summary>Signed readings of a full energy device (four channels, SOC, pack temperature), written with Core's writer.</summary>
public static class SiteReadings
{
    public static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    public static readonly byte[] WrongKey = Enumerable.Range(100, 32).Select(i => (byte)i).ToArray();
    public static readonly string[] Channels = ["pv", "load", "grid", "bat"];

    /// <summary>2026-06-21 10:00 UTC.</summary>
    public const long StartMilliseconds = 1_782_036_000_000;

    public static KeyRegistry Registry(string device = "dev-a")
    {
        KeyRegistry registry = KeyRegistry.Empty();
        registry.Set(device, "k1", Key);
        return registry;
    }

    public static string Topic(string device, string site = "site1") => $"ec/v1/{site}/{device}/reading";

    public static byte[] Reading(string device, long seq, int socPermille, int faultFlags = 0, byte[]? key = null, int pvMilliwatts = 240_000)
    {
        byte[] message = new byte[1024];
        CompactJsonWriter json = new();
        json.Begin(message, SignedEnvelopeWriter.PayloadOffset);
        json.WriteInteger("v", 1);
        json.WriteString("dev", device);
        json.WriteInteger("boot", 1);
        json.WriteInteger("seq", seq);
        json.WriteInteger("ts", StartMilliseconds + (seq * 10_000));
        json.WriteInteger("tq", 1);
        json.WriteInteger("per", 10_000);
        int[] power = [pvMilliwatts, 60_000, -2_000, pvMilliwatts - 62_000];
        for (int i = 0; i < Channels.Length; i++)
        {
            json.WriteInteger(Channels[i] + "_mv", 13_200);
            json.WriteInteger(Channels[i] + "_ma", power[i] / 13);
            json.WriteInteger(Channels[i] + "_mw", power[i]);
            json.WriteInteger(Channels[i] + "_fwd_mwh", seq * 600);
            json.WriteInteger(Channels[i] + "_rev_mwh", seq * 10);
        }

        json.WriteInteger("vbat_mv", 13_200);
        json.WriteInteger("soc_permille", socPermille);
        json.WriteInteger("tbat_decicelsius", 251);
        json.WriteInteger("bat_set_mw", 150_000);
        json.WriteString("mode", "auto");
        json.WriteInteger("flt", faultFlags);
        json.End();
        int length = new SignedEnvelopeWriter(new HmacSha256Signer("k1", key ?? Key)).Seal(message, json.Length);
        return message[..length];
    }
}
