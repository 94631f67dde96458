using System.Text.Json;
using EdgeController.Core.Signing;
using EdgeController.Core.Telemetry;
using EdgeController.Hal.Simulation.Signing;
using EdgeController.Ledger;
using EdgeController.Ledger.Audit;

namespace EdgeController.Gateway.Tests.Audit;

/// <summary>OCMF records that openssl verifies over the stated bytes; hourly certificates that add up and are never issued twice.</summary>
public sealed class OcmfAndCertificateTests : IDisposable
{
    private const long DayStart = 1_782_000_000_000 - (1_782_000_000_000 % 86_400_000);
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string LedgerPath => _folder.File("site1.db");

    /// <summary>A site reading: pv, load, grid, bat channels' registers, soc; fault bits and clock quality as given.</summary>
    private static byte[] SiteReading(string device, long seq, long time, long pv, long load, long charge, long discharge, int faults = 0, int tq = 1)
    {
        byte[] message = new byte[768];
        CompactJsonWriter json = new();
        json.Begin(message, SignedEnvelopeWriter.PayloadOffset);
        json.WriteInteger("v", 1);
        json.WriteString("dev", device);
        json.WriteInteger("boot", 1);
        json.WriteInteger("seq", seq);
        json.WriteInteger("ts", time);
        json.WriteInteger("tq", tq);
        json.WriteInteger("per", 600_000);
        foreach ((string key, long fwd, long rev) in new[] { ("pv", pv, 0L), ("load", load, 0L), ("grid", 0L, 0L), ("bat", charge, discharge) })
        {
            json.WriteInteger(key + "_mw", 0);
            json.WriteInteger(key + "_fwd_mwh", fwd);
            json.WriteInteger(key + "_rev_mwh", rev);
        }

        json.WriteInteger("soc_permille", 500);
        json.WriteString("mode", "auto");
        json.WriteInteger("flt", faults);
        json.End();
        int length = new SignedEnvelopeWriter(new HmacSha256Signer("k1", device == "dev-b" ? SignedReadings.KeyB : SignedReadings.KeyA)).Seal(message, json.Length);
        return message[..length];
    }

    /// <summary>One day of 10-minute readings (plus one at midnight after) for a producer dev-a and a consumer dev-b.</summary>
    private void FillDay()
    {
        using LedgerDatabase ledger = LedgerDatabase.Open(LedgerPath);
        LedgerIngestor ingestor = new(SignedReadings.Registry(), ledger, () => 0);
        long pv = 0;
        long load = 0;
        long charge = 0;
        Random random = new(7);
        for (int step = 0; step <= 144; step++)
        {
            long time = DayStart + (step * 600_000L);
            int hour = step / 6;
            pv += hour is >= 6 and < 19 ? random.Next(0, 90_000) : 0; // mWh per 10 min, uneven
            load += random.Next(10_000, 60_000);
            charge += hour is >= 10 and < 14 ? 5_000 : 0;
            ingestor.Ingest(SignedReadings.Topic("dev-a"), SiteReading("dev-a", step + 1, time, pv, 0, charge, charge / 2));
            ingestor.Ingest(SignedReadings.Topic("dev-b"), SiteReading("dev-b", step + 1, time, 0, load, 0, 0));
        }
    }

    [RequiresProgramFact("openssl")]
    public void OcmfRecord_VerifiesWithOpenssl_OverThePayloadBytes()
    {
        using (LedgerDatabase ledger = LedgerDatabase.Open(LedgerPath))
        {
            LedgerIngestor ingestor = new(SignedReadings.Registry(), ledger, () => 0);
            ingestor.Ingest(SignedReadings.Topic("dev-a"), SiteReading("dev-a", 1, DayStart, 1234, 5, 0, 0));
            ingestor.Ingest(SignedReadings.Topic("dev-a"), SiteReading("dev-a", 2, DayStart + 1000, 2345, 6, 0, 0, faults: 1, tq: 0));
        }

        ExternalProcess.Result export = ExternalProcess.RunTool("ec-gateway", "export", "--ledger", LedgerPath, "--format", "ocmf");
        Assert.True(export.ExitCode == 0, export.Error);
        string[] records = export.Output.Trim().Split('\n');
        Assert.Equal(2, records.Length);
        Assert.StartsWith("OCMF|{\"FV\":\"1.0\",\"GI\":\"EdgeController ec-gateway\",\"GS\":\"", records[0], StringComparison.Ordinal);
        Assert.Contains("\"MS\":\"dev-a\"", records[0], StringComparison.Ordinal);
        Assert.Contains("{\"TM\":\"" + DateTimeOffset.FromUnixTimeMilliseconds(DayStart).UtcDateTime.ToString("yyyy-MM-dd") + "T", records[0], StringComparison.Ordinal);
        Assert.Contains(",000+0000 S\",\"RV\":1.234,\"RI\":\"1-1:1.8.0\",\"RU\":\"Wh\",\"RT\":\"DC\",\"EF\":\"\",\"ST\":\"G\"}", records[0], StringComparison.Ordinal);
        Assert.Contains(",000+0000 I\",\"RV\":2.345,\"RI\":\"1-1:1.8.0\",\"RU\":\"Wh\",\"RT\":\"DC\",\"EF\":\"Et\",\"ST\":\"E\"}", records[1], StringComparison.Ordinal);
        Assert.Contains("|{\"SA\":\"ECDSA-secp256r1-SHA256\",\"SE\":\"hex\",\"SM\":\"application/x-der\",\"SD\":\"", records[0], StringComparison.Ordinal);

        (byte[] payload, byte[] signature) = OcmfExport.Split(records[0])!.Value;
        File.WriteAllBytes(_folder.File("payload"), payload);
        File.WriteAllBytes(_folder.File("payload.sig"), signature);
        using (GatewaySigningKey key = GatewaySigningKey.LoadOrCreate(GatewaySigningKey.DefaultPath(LedgerPath)))
        {
            File.WriteAllText(_folder.File("gateway.pub.pem"), key.PublicKeyPem());
        }

        string openssl = ExternalProcess.Find("openssl")!;
        ExternalProcess.Result verified = ExternalProcess.Run(openssl, ["dgst", "-sha256", "-verify", _folder.File("gateway.pub.pem"), "-signature", _folder.File("payload.sig"), _folder.File("payload")], TimeSpan.FromSeconds(30));
        Assert.True(verified.ExitCode == 0, verified.Output + verified.Error);
        Assert.Contains("Verified OK", verified.Output, StringComparison.Ordinal);

        payload[payload.Length / 2] ^= 1;
        File.WriteAllBytes(_folder.File("payload"), payload);
        Assert.NotEqual(0, ExternalProcess.Run(openssl, ["dgst", "-sha256", "-verify", _folder.File("gateway.pub.pem"), "-signature", _folder.File("payload.sig"), _folder.File("payload")], TimeSpan.FromSeconds(30)).ExitCode);
    }

    [Fact]
    public void DaysCertificates_AddUpToItsPvEnergy_AndASecondRunIssuesNone()
    {
        FillDay();
        long dayPvMilliwattHours = EnergyReport.Compute(LedgerPath).Single(day => day.DeviceId == "dev-a" && day.Day == DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(DayStart).UtcDateTime)).PvMilliwattHours;

        using JsonDocument first = JsonDocument.Parse(EnergyCertificates.Run(LedgerPath, DayStart, DayStart + 86_400_000, DayStart + 90_000_000, claim: false));
        JsonElement[] bundles = first.RootElement.GetProperty("issued").EnumerateArray().ToArray();
        long issuedWh = bundles.Sum(bundle => bundle.GetProperty("face_value_wh").GetInt64());

        Assert.Equal(13, bundles.Length); // the hours 06..18 produce
        Assert.All(bundles, bundle =>
        {
            Assert.Equal("dev-a", bundle.GetProperty("device").GetString());
            Assert.Equal("solar", bundle.GetProperty("energy_source").GetString());
            Assert.Equal(TimeSpan.FromHours(1), DateTimeOffset.Parse(bundle.GetProperty("interval_end").GetString()!, System.Globalization.CultureInfo.InvariantCulture) - DateTimeOffset.Parse(bundle.GetProperty("interval_start").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(64, bundle.GetProperty("bundle_hash").GetString()!.Length);
        });
        Assert.InRange(dayPvMilliwattHours - (issuedWh * 1000), 0, (bundles.Length * 1000) - 1); // rounded down, under 1 Wh per bundle
        Assert.NotEmpty(first.RootElement.GetProperty("storage").EnumerateArray());

        using JsonDocument second = JsonDocument.Parse(EnergyCertificates.Run(LedgerPath, DayStart, DayStart + 86_400_000, DayStart + 90_000_000, claim: false));
        Assert.Empty(second.RootElement.GetProperty("issued").EnumerateArray());
    }

    [Fact]
    public void ClaimedWh_CannotBeClaimedAgain()
    {
        FillDay();
        EnergyCertificates.Run(LedgerPath, null, null, DayStart + 90_000_000, claim: false);

        using JsonDocument claimed = JsonDocument.Parse(EnergyCertificates.Run(LedgerPath, null, null, DayStart + 90_000_000, claim: true));
        using JsonDocument again = JsonDocument.Parse(EnergyCertificates.Run(LedgerPath, null, null, DayStart + 90_000_000, claim: true));

        long firstMatched = claimed.RootElement.GetProperty("matching").EnumerateArray().Sum(hour => hour.GetProperty("matched_wh").GetInt64());
        Assert.True(firstMatched > 0);
        Assert.All(claimed.RootElement.GetProperty("matching").EnumerateArray(), hour => Assert.True(hour.GetProperty("matched_wh").GetInt64() <= hour.GetProperty("use_wh").GetInt64()));
        Assert.Equal(0, again.RootElement.GetProperty("matching").EnumerateArray().Sum(hour => hour.GetProperty("matched_wh").GetInt64()));
    }
}
