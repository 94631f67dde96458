using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EdgeController.Core.Console;
using EdgeController.Core.Signing;
using EdgeController.Core.Telemetry;

namespace EdgeController.Console.Tests;

public sealed class ConsoleCommandTests
{
    private const string KeyHex = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    private static string FingerprintOf(byte[] key) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(KeyFingerprint.FingerprintMessage)))[..8];

    /// <summary>Drains the outbox: every message, verified against key, as (topic kind, payload JSON).</summary>
    private static List<(MessageKind Kind, JsonElement Payload)> DrainVerified(ConsoleHarness console, Func<string, byte[]> keyOf)
    {
        List<(MessageKind, JsonElement)> messages = [];
        byte[] buffer = new byte[2048];
        TelemetryOutbox outbox = console.Device.Outbox;
        while (true)
        {
            int length = outbox.PeekOldest(buffer, out MessageKind kind);
            if (length < 0)
            {
                return messages;
            }

            outbox.RemoveOldest();
            EnvelopeParts parts = new();
            Assert.Equal(EnvelopeError.None, SignedEnvelopeReader.TryParse(buffer, length, parts));
            byte[] mac = HMACSHA256.HashData(keyOf(parts.KeyId), buffer.AsSpan(parts.PayloadOffset, parts.PayloadLength));
            Assert.True(mac.AsSpan().SequenceEqual(parts.Mac), $"signature of {kind} under {parts.KeyId} does not verify");
            messages.Add((kind, JsonDocument.Parse(buffer.AsMemory(parts.PayloadOffset, parts.PayloadLength)).RootElement.Clone()));
        }
    }

    [Fact]
    public void Banner_NamesDeviceAndBoot_AndEndsWithThePrompt()
    {
        using ConsoleHarness console = new();
        Assert.Contains("EdgeController 0.1.0 dev=ec-new boot=1", console.BootText);
        Assert.EndsWith("ec> ", console.BootText);
    }

    [Fact]
    public void Help_ListsEveryCommand_AndHelpCommandGivesItsUsage()
    {
        using ConsoleHarness console = new();
        Dictionary<string, string> help = console.Values("help");
        Assert.Equal(CommandHelp.Names.Order(), help.Keys.Order());
        Assert.Equal("config show|get <name>|set <name> <value>|save|reset", console.Values("help config")["usage"]);
    }

    [Theory]
    [InlineData("frobnicate", "ERR unknown_command 'frobnicate' is not a command")]
    [InlineData("watch", "ERR bad_args usage: watch <n>")]
    [InlineData("watch 0", "ERR bad_args usage: watch <n>")]
    [InlineData("config frob", "ERR bad_args usage: config show|get <name>|set <name> <value>|save|reset")]
    [InlineData("config get colour", "ERR unknown_setting no setting 'colour'")]
    [InlineData("mqtt", "ERR bad_args usage: mqtt status")]
    [InlineData("log 99", "ERR bad_args usage: log [n]")]
    [InlineData("mode turbo", "ERR locked mode changes the device: unlock <pin> first")]
    [InlineData("config save", "ERR locked config changes the device")]
    [InlineData("reboot", "ERR locked reboot changes the device")]
    [InlineData("key rotate", "ERR locked key changes the device")]
    [InlineData("a b c d e f g", "ERR bad_args more than 6 words")]
    public void BadCommands_GetOneErrLineNamingTheProblem(string line, string expectedStart)
    {
        using ConsoleHarness console = new();
        string reply = console.Send(line);
        Assert.StartsWith(expectedStart, reply);
        Assert.Single(reply.Split("\r\n", StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Unlock_WithTheWrongPin_BacksOffAfterThreeAttempts_AndDoublesTheWait()
    {
        using ConsoleHarness console = new();
        Assert.StartsWith("ERR bad_pin wrong PIN\r\n", console.Send("unlock 1111"));
        Assert.StartsWith("ERR bad_pin wrong PIN\r\n", console.Send("unlock 2222"));
        Assert.StartsWith("ERR bad_pin wrong PIN; next attempt in 5 s", console.Send("unlock 3333"));
        Assert.StartsWith("ERR locked_out", console.Send("unlock 0000"));
        console.Run(5);
        Assert.StartsWith("ERR bad_pin wrong PIN; next attempt in 10 s", console.Send("unlock 4444"));
        console.Run(10);
        console.Unlock();
        Assert.Equal("locked=0", console.Send("status").Split("\r\n").Length > 0 ? "locked=0" : "");
    }

    [Fact]
    public void UnlockBackoff_SurvivesAPowerCycle()
    {
        using ConsoleHarness console = new();
        console.Send("unlock 1111");
        console.Send("unlock 2222");
        Assert.StartsWith("ERR bad_pin wrong PIN; next attempt in 5 s", console.Send("unlock 3333"));

        console.Reboot();

        Assert.StartsWith("ERR locked_out too many wrong PINs: try again in 5 s", console.Send("unlock 0000"));
        console.Run(5);
        Assert.StartsWith("ERR bad_pin wrong PIN; next attempt in 10 s", console.Send("unlock 4444"));
        console.Reboot();
        Assert.StartsWith("ERR locked_out", console.Send("unlock 0000"));
        console.Run(10);
        console.Unlock();

        console.Reboot();
        console.Unlock();
    }

    [Fact]
    public void Unlock_WritesFlashOnlyWhenTheCountOfWrongPinsChanges()
    {
        Hal.Simulation.Storage.InMemoryNonVolatileStore flash = new();
        using ConsoleHarness console = new(flash);
        int writes = flash.WriteCount;
        console.Unlock();
        console.Values("lock");
        console.Unlock();
        Assert.Equal(writes, flash.WriteCount);

        console.Send("unlock 1111");
        Assert.Equal(writes + 1, flash.WriteCount);
        console.Unlock();
        Assert.Equal(writes + 2, flash.WriteCount);
        console.Values("lock");
        console.Unlock();
        Assert.Equal(writes + 2, flash.WriteCount);
    }

    [Fact]
    public void WifiAndBrokerSecrets_AreNeverShown_AndSurviveAReboot()
    {
        const string Passphrase = "correct-horse-battery";
        const string BrokerPassword = "mqtt-s3cret";
        using ConsoleHarness console = new();
        console.Unlock();
        Assert.Equal("****", console.Values("config set wifi_pass " + Passphrase)["wifi_pass"]);
        console.Values("config set wifi_ssid microgrid");
        console.Values("config set mqtt_user edge-7");
        Assert.Equal("****", console.Values("config set mqtt_pass " + BrokerPassword)["mqtt_pass"]);
        Dictionary<string, string> saved = console.Values("config save");
        Assert.Equal("wifi_ssid,wifi_pass,mqtt_user,mqtt_pass", saved["changed"]);
        Assert.Equal("1", saved["reboot_needed"]);

        console.Reboot();

        Dictionary<string, string> config = console.Values("config show");
        Assert.Equal("microgrid", config["wifi_ssid"]);
        Assert.Equal("****", config["wifi_pass"]);
        Assert.Equal("edge-7", config["mqtt_user"]);
        Assert.Equal("****", config["mqtt_pass"]);
        Assert.Equal("****", console.Values("config get wifi_pass")["wifi_pass"]);
        Assert.Equal(Passphrase, console.Device.SettingsStore.Load().WifiPassword);
        string everything = console.Send("log 32") + console.Send("config show") + console.Send("status") + console.Send("mqtt status");
        Assert.DoesNotContain(Passphrase, everything);
        Assert.DoesNotContain(BrokerPassword, everything);
    }

    [Fact]
    public void AWifiPassphraseShorterThanWpaAllows_IsRefused()
    {
        using ConsoleHarness console = new();
        console.Unlock();
        Assert.StartsWith("ERR bad_value wifi_pass must be empty (open network) or 8..63 printable ASCII", console.Send("config set wifi_pass 1234567"));
    }

    [Fact]
    public void Unlocked_LocksAgainAfterTheIdleTimeout_AndOnLock()
    {
        using ConsoleHarness console = new();
        console.Unlock();
        Assert.Equal("standby", console.Values("mode standby")["mode"]);
        console.Run(301);
        Assert.StartsWith("ERR locked", console.Send("mode auto"));
        console.Unlock();
        Assert.Equal("1", console.Values("lock")["locked"]);
        Assert.StartsWith("ERR locked", console.Send("mode auto"));
        Assert.Contains("idle lock", console.Send("log 32"));
    }

    [Fact]
    public void ConfigSetSave_SurvivesAReboot_AndUnsavedChangesDoNot()
    {
        using ConsoleHarness console = new();
        console.Unlock();
        Assert.Equal("5000", console.Values("config set report_ms 5000")["report_ms"]);
        Assert.Equal("report_ms", console.Values("config save")["changed"]);
        Assert.Equal("900", console.Values("config set lock_s 900")["lock_s"]);
        Assert.Equal("1", console.Values("reboot")["rebooting"]);
        Assert.True(console.Device.RebootHook.TakeRequest());

        console.Reboot();
        Assert.Contains("boot=2", console.BootText);
        Dictionary<string, string> config = console.Values("config show");
        Assert.Equal("5000", config["report_ms"]);
        Assert.Equal("300", config["lock_s"]);
        Assert.Equal("stored", console.Values("status")["settings"]);
    }

    [Fact]
    public void ConfigReset_RestoresDefaults_ButKeepsIdentityKeyAndPin()
    {
        using ConsoleHarness console = new();
        console.Unlock();
        console.Values("config set pin 4321");
        console.Values("config set report_ms 2000");
        console.Values("config save");
        console.Values("key set k1 " + KeyHex);
        console.Values("config reset");
        Dictionary<string, string> config = console.Values("config show");
        Assert.Equal("10000", config["report_ms"]);
        Assert.Equal("k1", config["kid"]);
        Assert.Equal("****", config["pin"]);
        console.Values("config save");
        console.Values("lock");
        Assert.StartsWith("ERR bad_pin", console.Send("unlock 0000"));
        Assert.Equal("0", console.Values("unlock 4321")["locked"]);
    }

    [Fact]
    public void CalibrateCurrent_AgainstAReference_ScalesTheReadings()
    {
        using ConsoleHarness console = new();
        console.Run(2);
        int before = int.Parse(console.Values("read")["pv_ma"]);
        Assert.True(before > 1000, $"the simulated PV should produce current at 11:00, read {before} mA");
        console.Unlock();
        int reference = before * 9 / 10;
        Dictionary<string, string> calibration = console.Values($"calibrate current pv {reference}");
        Assert.InRange(int.Parse(calibration["gain_ppm.0"]), 899_000, 901_000);
        int after = int.Parse(console.Values("read")["pv_ma"]);
        Assert.InRange(after, reference - 2, reference + 2);
    }

    [Fact]
    public void CalibrateCurrent_RefusesWithoutCurrent_AndCalibrateBattery_MatchesTheReference()
    {
        using ConsoleHarness console = new();
        console.Unlock();
        Assert.StartsWith("ERR not_ready measured 0 mA", console.Send("calibrate current bat 500"));
        Assert.StartsWith("ERR bad_args no channel 'solar'", console.Send("calibrate current solar 500"));
        console.Values("calibrate battery 13000");
        Assert.InRange(int.Parse(console.Values("read")["vbat_mv"]), 12_995, 13_005);
        Assert.StartsWith("ERR bad_value", console.Send("calibrate shunt 1 5"));
        Assert.Equal("2100", console.Values("calibrate shunt 1 2100")["shunt_uohm.1"]);
    }

    [Fact]
    public void KeySetShowRotate_NeverPrintTheKey_AndShowItsFingerprint()
    {
        using ConsoleHarness console = new(echo: true);
        console.Unlock();
        byte[] key = Convert.FromHexString(KeyHex);
        string reply = console.Send("key set k1 " + KeyHex);
        Assert.DoesNotContain(KeyHex[..16], reply);
        Assert.Contains("fp=" + FingerprintOf(key), reply);

        Dictionary<string, string> rotated = console.Values("key rotate");
        byte[] next = HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(KeyFingerprint.RotationPrefix + "k2"));
        Assert.Equal("k2", rotated["kid"]);
        Assert.Equal(FingerprintOf(next), rotated["fp"]);
        string everything = console.Send("log 32") + console.Send("config show") + console.Send("status");
        Assert.DoesNotContain(KeyHex[..16], everything);
        Assert.DoesNotContain(Convert.ToHexStringLower(next)[..16], everything);
    }

    [Fact]
    public void Changes_ArePublishedAsSignedEvents_SharingTheReadingCounter()
    {
        using ConsoleHarness console = new();
        byte[] key = Convert.FromHexString(KeyHex);
        byte[] rotated = HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(KeyFingerprint.RotationPrefix + "k2"));
        console.Unlock();
        console.Values("key set k1 " + KeyHex);
        DrainVerified(console, _ => key); // a first key is announced under itself
        console.Run(10);                            // one reading
        console.Values("config set report_ms 20000");
        console.Values("config save");
        console.Values("mode standby");
        console.Values("key rotate");
        console.Values("fault clear");
        console.Values("reboot");

        List<(MessageKind Kind, JsonElement Payload)> messages = DrainVerified(console, kid => kid == "k1" ? key : rotated);
        string[] kinds = messages.Select(m => m.Kind == MessageKind.Reading ? "reading" : m.Payload.GetProperty("ev").GetString()!).ToArray();
        Assert.Equal(["reading", "config", "mode", "key", "fault_clear", "reboot"], kinds);
        long[] seqs = messages.Select(m => m.Payload.GetProperty("seq").GetInt64()).ToArray();
        Assert.Equal(seqs.Order(), seqs);
        Assert.Equal(seqs.Length, seqs.Distinct().Count());
        JsonElement keyEvent = messages[3].Payload;
        Assert.Equal("k2", keyEvent.GetProperty("to").GetString());
        Assert.Equal(FingerprintOf(rotated), keyEvent.GetProperty("fp").GetString());
        Assert.Equal("report_ms", messages[1].Payload.GetProperty("changed").GetString());
        Assert.Equal("standby", console.Device.Controller.Mode);
    }

    [Fact]
    public void KeyEvent_IsSignedWithTheOldKey_SoTheGatewayCanTrustIt()
    {
        using ConsoleHarness console = new();
        console.Unlock();
        console.Values("key set k1 " + KeyHex);
        DrainVerified(console, _ => Convert.FromHexString(KeyHex));
        console.Values("key rotate");
        byte[] outbox = new byte[2048];
        int length = console.Device.Outbox.PeekOldest(outbox, out _);
        Assert.Contains("\"kid\":\"k1\"", Encoding.ASCII.GetString(outbox, 0, length));
    }

    [Fact]
    public void Watch_StreamsOneLinePerSecond_AndAnyKeyStopsIt()
    {
        using ConsoleHarness console = new();
        Assert.StartsWith("n=1 uptime_ms=", console.Send("watch 3"));
        console.Run(1);
        Assert.StartsWith("n=2 ", console.Port.TakeOutput());
        console.Run(1);
        Assert.Matches("^n=3 .*\r\nOK\r\nec> $", console.Port.TakeOutput());

        console.Send("watch 100");
        Assert.Equal("stopped=1\r\nOK\r\n", console.Send(""));
    }

    [Fact]
    public void Seq_NeverRepeatsAcrossReboots_AndRegistersNeverGoBack()
    {
        using ConsoleHarness console = new();
        console.Run(35);
        Dictionary<string, string> before = console.Values("read");
        long seqBefore = console.Device.Controller.LastSequence;
        console.Unlock();
        console.Values("reboot");
        console.Reboot();
        Assert.True(console.Device.Controller.LastSequence >= seqBefore + 1, $"seq {console.Device.Controller.LastSequence} after reboot, {seqBefore} before");
        Dictionary<string, string> after = console.Values("read");
        Assert.True(long.Parse(after["pv_fwd_mwh"]) >= long.Parse(before["pv_fwd_mwh"]));
    }
}
