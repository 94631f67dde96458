using EdgeController.Hal.Simulation;
using EdgeController.Hal.Simulation.Serial;
using EdgeController.Hal.Simulation.Storage;
using EdgeController.Ledger;
using EdgeController.Provision;
using EdgeController.Simulator;

namespace EdgeController.Console.Tests;

public sealed class ProvisionerTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ec-provision-" + Guid.NewGuid().ToString("N")[..12]);

    private string Keys => Path.Combine(_folder, "site.keys.json");

    private string DeviceFolder => Path.Combine(_folder, "site.devices", "dev-7");

    /// <summary>Boots the device from its settings folder with a console on echo-less port.</summary>
    private SimulatedDevice Boot(SimulatedConsolePort port)
    {
        SimulatedDevice device = new(new FolderNonVolatileStore(DeviceFolder), new OfflineMqttLink(), new SimulatedClock(1_780_000_000_000), 1, port);
        device.Console!.EchoEnabled = false;
        port.TakeOutput();
        return device;
    }

    private static string Send(SimulatedDevice device, SimulatedConsolePort port, string line)
    {
        port.Type(line + "\r");
        device.PollConsole();
        return port.TakeOutput();
    }

    [Fact]
    public void Create_WritesSettingsTheDeviceBootsWith_AndRegistersTheKey()
    {
        Provisioner.Created created = Provisioner.Create("north", "dev-7", Keys, DeviceFolder, "97531");
        KeyRegistry registry = KeyRegistry.Load(Keys);
        Assert.True(registry.TryGetKey("dev-7", "k1", out byte[] key));
        Assert.Equal(Provisioner.Fingerprint(key), created.Fingerprint);

        SimulatedConsolePort port = new();
        using SimulatedDevice device = Boot(port);
        Assert.Equal("dev-7", device.Identity.DeviceId);
        Assert.Equal("north", device.Identity.SiteId);
        Assert.Contains($"kid=k1\r\nfp={created.Fingerprint}\r\nOK", Send(device, port, "key show"));
        Assert.Contains("locked=0", Send(device, port, "unlock 97531"));
    }

    [Fact]
    public void Create_GivesTheDeviceACommandKey_InTheRegistryUnderCmd_AndInItsSettings_NeverShown()
    {
        Provisioner.Created created = Provisioner.Create("north", "dev-7", Keys, DeviceFolder, "97531",
            [new("mqtt_tls", "1"), new("mqtt_ca", "site-ca.pem")]);
        KeyRegistry registry = KeyRegistry.Load(Keys);
        byte[]? commandKey = registry.CommandKeyOf("dev-7");
        Assert.NotNull(commandKey);
        Assert.True(registry.TryGetKey("dev-7", "k1", out byte[] readingKey));
        Assert.NotEqual(readingKey, commandKey);
        Assert.Equal(Provisioner.Fingerprint(commandKey), created.CommandKeyFingerprint);

        Core.Settings.DeviceSettings stored = new Core.Settings.SettingsStore(new FolderNonVolatileStore(DeviceFolder)).Load();
        Assert.Equal(commandKey, stored.CommandKey);
        Assert.True(stored.MqttUseTls);
        Assert.Equal("site-ca.pem", stored.MqttCaFile);

        SimulatedConsolePort port = new();
        using SimulatedDevice device = Boot(port);
        string shown = Send(device, port, "config show");
        Assert.Contains("cmd_key=****", shown);
        Assert.DoesNotContain(Convert.ToHexStringLower(commandKey), shown);

        Assert.Throws<InvalidOperationException>(() => Provisioner.Retire("dev-7", "cmd", Keys, Path.Combine(_folder, "none.db")));
        Assert.Throws<ArgumentException>(() => Provisioner.Create("north", "dev-8", Keys, Path.Combine(_folder, "dev-8"), "97531", [new("cmd_key", Convert.ToHexStringLower(commandKey))]));
    }

    [Fact]
    public void Create_WithWifiAndBrokerSettings_WritesThemForTheDevice_WhichNeverShowsThePasswords()
    {
        KeyValuePair<string, string>[] settings =
        [
            new("wifi_ssid", "microgrid"), new("wifi_pass", "correct horse battery"), new("mqtt_host", "gw.site.local"),
            new("mqtt_port", "8883"), new("mqtt_user", "dev-7"), new("mqtt_pass", "broker-secret"),
        ];
        Provisioner.Create("north", "dev-7", Keys, DeviceFolder, "97531", settings);

        Core.Settings.DeviceSettings stored = new Core.Settings.SettingsStore(new FolderNonVolatileStore(DeviceFolder)).Load();
        Assert.Equal("microgrid", stored.WifiSsid);
        Assert.Equal("correct horse battery", stored.WifiPassword);
        Assert.Equal("gw.site.local", stored.MqttHost);
        Assert.Equal(8883, stored.MqttPort);
        Assert.Equal("dev-7", stored.MqttUsername);
        Assert.Equal("broker-secret", stored.MqttPassword);
        SimulatedConsolePort port = new();
        using SimulatedDevice device = Boot(port);
        string shown = Send(device, port, "config show");
        Assert.Contains("wifi_ssid=microgrid\r\nwifi_pass=****\r\nmqtt_user=dev-7\r\nmqtt_pass=****\r\n", shown);
        Assert.DoesNotContain("horse", shown);
    }

    [Fact]
    public void Create_WithAPassphraseWpaRefuses_WritesNeitherRegistryNorSettings()
    {
        ArgumentException refused = Assert.Throws<ArgumentException>(() =>
            Provisioner.Create("north", "dev-7", Keys, DeviceFolder, "97531", [new("wifi_pass", "short")]));

        Assert.Contains("wifi_pass", refused.Message);
        Assert.False(File.Exists(Keys));
        Assert.False(Directory.Exists(DeviceFolder) && Directory.EnumerateFiles(DeviceFolder).Any());
    }

    [Fact]
    public void Create_WritesOnlyTheSettingsRecord_UnderNamesTheDeviceDriveTakes()
    {
        Provisioner.Create("north", "dev-7", Keys, DeviceFolder, "97531");

        string[] files = Directory.GetFiles(DeviceFolder).Select(Path.GetFileName).ToArray()!;
        Assert.Equal(["settings.a"], files);
        // FlashFileStore (hal/Esp32) stores a blob as I:\<name> for 1..32 of [A-Za-z0-9._-], not starting with '.'.
        Assert.All(files, name => Assert.Matches("^[A-Za-z0-9_-][A-Za-z0-9._-]{0,31}$", name));
    }

    [Theory]
    [InlineData("passphrase one\n", "passphrase one")]
    [InlineData("passphrase two\r\n", "passphrase two")]
    [InlineData("no line end", "no line end")]
    [InlineData(" spaces kept \n\n", " spaces kept \n")]
    public void SecretInput_DropsOneLineEnd_FromAFile(string content, string expected)
    {
        Directory.CreateDirectory(_folder);
        string path = Path.Combine(_folder, "secret.txt");
        File.WriteAllText(path, content);

        Assert.Equal(expected, SecretInput.Read(path, TextReader.Null));
    }

    [Fact]
    public void SecretInput_ReadsTheFirstLineOfStdin_ForADash()
    {
        Assert.Equal("from stdin", SecretInput.Read("-", new StringReader("from stdin\nsecond line\n")));
        Assert.Throws<ArgumentException>(() => SecretInput.Read("-", new StringReader("")));
        Assert.Throws<ArgumentException>(() => SecretInput.Read(Path.Combine(_folder, "missing.txt"), TextReader.Null));
    }

    [Fact]
    public void Create_RefusesADeviceTheRegistryKnows()
    {
        Provisioner.Create("north", "dev-7", Keys, DeviceFolder, null);
        InvalidOperationException refused = Assert.Throws<InvalidOperationException>(() => Provisioner.Create("north", "dev-7", Keys, DeviceFolder, null));
        Assert.Contains("use rotate", refused.Message);
    }

    [Fact]
    public void Rotate_DerivesTheKeyTheDevicesOwnKeyRotateMakes_AndKeepsTheOldKey()
    {
        Provisioner.Create("north", "dev-7", Keys, DeviceFolder, "2468");
        Provisioner.Rotated rotated = Provisioner.Rotate("dev-7", Keys, fresh: false, settingsFolder: null, keyFile: null);
        Assert.Equal(("k1", "k2"), (rotated.OldKeyId, rotated.KeyId));
        Assert.Equal(["k1", "k2"], KeyRegistry.Load(Keys).ReadingKeyIdsOf("dev-7"));

        SimulatedConsolePort port = new();
        using SimulatedDevice device = Boot(port);
        Send(device, port, "unlock 2468");
        Assert.Contains($"kid=k2\r\nfp={rotated.Fingerprint}\r\n", Send(device, port, "key rotate"));
    }

    [Fact]
    public void RotateFresh_NeedsSomewhereToPutTheKey_AndWritesTheSettingsFolder()
    {
        Provisioner.Create("north", "dev-7", Keys, DeviceFolder, "2468");
        Assert.Throws<ArgumentException>(() => Provisioner.Rotate("dev-7", Keys, fresh: true, settingsFolder: null, keyFile: null));
        Provisioner.Rotated rotated = Provisioner.Rotate("dev-7", Keys, fresh: true, settingsFolder: DeviceFolder, keyFile: null);

        SimulatedConsolePort port = new();
        using SimulatedDevice device = Boot(port);
        Assert.Contains($"kid=k2\r\nfp={rotated.Fingerprint}\r\n", Send(device, port, "key show"));
    }

    [Fact]
    public void Retire_RefusesUntilTheLedgerHoldsAReadingUnderTheNewerKey()
    {
        Provisioner.Create("north", "dev-7", Keys, DeviceFolder, "2468");
        string ledgerPath = Path.Combine(_folder, "site.db");
        using (LedgerDatabase.Open(ledgerPath))
        {
        }

        Provisioner.Rotate("dev-7", Keys, fresh: false, settingsFolder: DeviceFolder, keyFile: null);
        Assert.Contains("not yet", Assert.Throws<InvalidOperationException>(() => Provisioner.Retire("dev-7", "k1", Keys, ledgerPath)).Message);

        // The device (now on k2) sends a reading; the gateway takes it into the ledger.
        SimulatedConsolePort port = new();
        using (SimulatedDevice device = Boot(port))
        {
            for (int i = 0; i < 10; i++)
            {
                device.Step(1000);
            }

            KeyRegistry registry = KeyRegistry.Load(Keys);
            using LedgerDatabase ledger = LedgerDatabase.Open(ledgerPath);
            LedgerIngestor ingestor = new(registry, ledger, () => 0);
            byte[] message = new byte[2048];
            int length = device.Outbox.PeekOldest(message, out _);
            Assert.Equal(AppendOutcome.Appended, ingestor.Ingest(null, message[..length]));
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Assert.Equal("k2", Provisioner.Retire("dev-7", "k1", Keys, ledgerPath));
        Assert.Equal(["k2"], KeyRegistry.Load(Keys).ReadingKeyIdsOf("dev-7"));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left to the OS temp cleaner.
        }
    }
}
