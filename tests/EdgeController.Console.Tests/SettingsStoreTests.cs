using System.Text;
using EdgeController.Core.Settings;
using EdgeController.Core.Storage;
using EdgeController.Hal.Simulation.Storage;

namespace EdgeController.Console.Tests;

public sealed class SettingsStoreTests
{
    private static DeviceSettings Sample(int variant)
    {
        DeviceSettings settings = new()
        {
            SiteId = "site" + variant,
            DeviceId = "dev-" + variant,
            KeyId = "k" + variant,
            Key = Enumerable.Repeat((byte)(0x40 + variant), DeviceSettings.KeyBytes).ToArray(),
            Pin = "1234" + variant,
            ReportPeriodMilliseconds = 1000 * (variant + 1),
            MqttHost = "broker" + variant + ".local",
            Mode = variant % 2 == 0 ? "auto" : "standby",
            BatteryDividerPartsPerMillion = 5_700_000 + variant,
            WifiSsid = "Site Net " + variant,
            WifiPassword = "pass phrase " + variant,
            MqttUsername = "edge" + variant,
            MqttPassword = "broker-secret-" + variant,
        };
        settings.CurrentGainPartsPerMillion[variant % DeviceSettings.MaxChannels] = 1_000_000 + variant;
        settings.ShuntMicroohms[(variant + 1) % DeviceSettings.MaxChannels] = 2000 + variant;
        return settings;
    }

    /// <summary>Two settings are the same when every catalogued value, the secrets in clear and the key are.</summary>
    private static string Describe(DeviceSettings settings)
    {
        IEnumerable<string> names = SettingCatalog.ScalarNames
            .Concat(Enumerable.Range(0, DeviceSettings.MaxChannels).SelectMany(c => new[] { SettingCatalog.ShuntName(c), SettingCatalog.GainName(c) }));
        return string.Join(";", names.Select(name => name + "=" + SettingCatalog.Get(settings, name)))
            + ";pin=" + settings.Pin + ";wifi_pass=" + settings.WifiPassword + ";mqtt_pass=" + settings.MqttPassword + ";key=" + (settings.Key is null ? "none" : Convert.ToHexString(settings.Key));
    }

    [Fact]
    public void EmptyFlash_LoadsFactoryDefaults_WithoutAFault()
    {
        SettingsStore store = new(new InMemoryNonVolatileStore());
        DeviceSettings settings = store.Load();
        Assert.Equal(Describe(new DeviceSettings()), Describe(settings));
        Assert.False(store.LoadedFromStore);
        Assert.False(store.SettingsWereLost);
        Assert.False(settings.HasKey);
    }

    [Fact]
    public void SavedSettings_ReadBackExactly()
    {
        InMemoryNonVolatileStore flash = new();
        SettingsStore store = new(flash);
        store.Load();
        store.Save(Sample(3));
        SettingsStore reopened = new(flash);
        Assert.Equal(Describe(Sample(3)), Describe(reopened.Load()));
        Assert.True(reopened.LoadedFromStore);
    }

    [Fact]
    public void LargestSettings_FitTheRecord()
    {
        DeviceSettings settings = Sample(1);
        settings.SiteId = new string('s', 32);
        settings.DeviceId = new string('d', 32);
        settings.KeyId = new string('k', 32);
        settings.Pin = "12345678";
        settings.MqttHost = new string('h', SettingCatalog.MaxTextLength);
        settings.Mode = "standby";
        byte[] buffer = new byte[SettingsCodec.MaxSerializedBytes];
        Assert.True(SettingsCodec.Serialize(settings, buffer) <= SettingsCodec.MaxSerializedBytes);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void PowerCutAtEveryByteOfASettingsWrite_LeavesTheOldOrTheNewSettings(int savesBefore)
    {
        // savesBefore = 0 is the very first save of a new device (old = factory defaults);
        // 1 and 2 put the interrupted write on either slot.
        byte[] probe = new byte[SettingsCodec.MaxSerializedBytes];
        int slotBytes = SettingsCodec.Serialize(Sample(9), probe) + TwoSlotRecordStore.OverheadBytes;
        string old = Describe(savesBefore == 0 ? new DeviceSettings() : Sample(savesBefore));
        string updated = Describe(Sample(9));
        int sawOld = 0;
        int sawNew = 0;
        for (int cutAfter = 0; cutAfter <= slotBytes; cutAfter++)
        {
            InMemoryNonVolatileStore flash = new();
            SettingsStore store = new(flash);
            store.Load();
            for (int i = 1; i <= savesBefore; i++)
            {
                store.Save(Sample(i));
            }

            flash.CutPowerDuringNextWrite(cutAfter);
            try
            {
                store.Save(Sample(9));
            }
            catch (SimulatedPowerCutException)
            {
                // The power went; what matters is what the next boot reads.
            }

            SettingsStore afterReboot = new(flash);
            string loaded = Describe(afterReboot.Load());
            Assert.True(loaded == old || loaded == updated, $"cut after {cutAfter} of {slotBytes} bytes: read a mix:\n{loaded}");
            // With an older record to fall back on nothing is lost. A torn very first write leaves
            // only damage: the device runs on defaults (= the old settings) and raises settings_lost.
            Assert.Equal(savesBefore == 0 && loaded == old, afterReboot.SettingsWereLost);
            sawOld += loaded == old ? 1 : 0;
            sawNew += loaded == updated ? 1 : 0;

            // And the device goes on: the next save after the cut works and wins.
            afterReboot.Save(Sample(5));
            Assert.Equal(Describe(Sample(5)), Describe(new SettingsStore(flash).Load()));
        }

        Assert.Equal(slotBytes, sawOld);
        Assert.Equal(1, sawNew);
    }

    [Fact]
    public void BothCopiesDamaged_BootsOnDefaults_AndSaysSo()
    {
        InMemoryNonVolatileStore flash = new();
        SettingsStore store = new(flash);
        store.Load();
        store.Save(Sample(1));
        store.Save(Sample(2));
        flash.Poke("settings.a", [1, 2, 3]);
        flash.Poke("settings.b", new byte[400]);

        SettingsStore reopened = new(flash);
        Assert.Equal(Describe(new DeviceSettings()), Describe(reopened.Load()));
        Assert.True(reopened.SettingsWereLost);
    }

    [Fact]
    public void RecordWithAValueOutOfRange_IsRefusedWhole()
    {
        DeviceSettings settings = Sample(1);
        byte[] buffer = new byte[SettingsCodec.MaxSerializedBytes];
        int length = SettingsCodec.Serialize(settings, buffer);
        Assert.True(SettingsCodec.TryDeserialize(buffer, length, new DeviceSettings()));

        settings.ReportPeriodMilliseconds = 5; // below 1000
        length = SettingsCodec.Serialize(settings, buffer);
        Assert.False(SettingsCodec.TryDeserialize(buffer, length, new DeviceSettings()));
    }

    [Fact]
    public void Save_RefusesSettingsOutOfRange()
    {
        SettingsStore store = new(new InMemoryNonVolatileStore());
        store.Load();
        DeviceSettings settings = Sample(1);
        settings.MqttPort = 0;
        Assert.Throws<ArgumentException>(() => store.Save(settings));
    }

    [Theory]
    [InlineData("report_ms", "999", "bad_value")]
    [InlineData("report_ms", "1e4", "bad_value")]
    [InlineData("report_ms", "+5000", "bad_value")]
    [InlineData("mqtt_port", "65536", "bad_value")]
    [InlineData("mode", "turbo", "bad_value")]
    [InlineData("pin", "12a4", "bad_value")]
    [InlineData("site", "a/b", "bad_value")]
    [InlineData("kid", "k9", "read_only")]
    [InlineData("colour", "red", "unknown_setting")]
    [InlineData("wifi_pass", "short", "bad_value")]
    [InlineData("wifi_pass", "tab\there!", "bad_value")]
    [InlineData("wifi_ssid", "a-network-name-longer-than-32-chars", "bad_value")]
    [InlineData("mqtt_user", "caf\u00e9", "bad_value")]
    [InlineData("gain_ppm.8", "1000000", "unknown_setting")]
    public void Set_RefusesBadValues_AndKeepsTheOldOne(string name, string value, string expectedCode)
    {
        DeviceSettings settings = new();
        string before = Describe(settings);
        Assert.NotNull(SettingCatalog.Set(settings, name, value, out string code));
        Assert.Equal(expectedCode, code);
        Assert.Equal(before, Describe(settings));
    }

    [Fact]
    public void Secrets_ShowMaskedWhenSet_AndEmptyWhenNot()
    {
        DeviceSettings settings = new();
        Assert.Equal("", SettingCatalog.Get(settings, "wifi_pass"));
        Assert.Equal("****", SettingCatalog.Get(settings, "pin"));
        Assert.Null(SettingCatalog.Set(settings, "wifi_pass", "correct-horse", out _));
        Assert.Null(SettingCatalog.Set(settings, "mqtt_pass", "p", out _));
        Assert.Null(SettingCatalog.Set(settings, "wifi_ssid", "microgrid", out _));
        Assert.Equal("****", SettingCatalog.Get(settings, "wifi_pass"));
        Assert.Equal("****", SettingCatalog.Get(settings, "mqtt_pass"));
        Assert.Equal("microgrid", SettingCatalog.Get(settings, "wifi_ssid"));
        Assert.Equal("correct-horse", settings.WifiPassword);
        Assert.All(SecretSettings.Names, name => Assert.Contains(name, SettingCatalog.ScalarNames));
    }

    [Fact]
    public void ARefusedSecret_KeepsTheOldSecret_NotItsMask()
    {
        DeviceSettings settings = new();
        Assert.Null(SettingCatalog.Set(settings, "wifi_pass", "first-passphrase", out _));
        Assert.NotNull(SettingCatalog.Set(settings, "wifi_pass", "short", out _));
        Assert.Equal("first-passphrase", settings.WifiPassword);
    }

    [Fact]
    public void AVersionOneRecord_LoadsWithEmptyCredentials_AndIsRewrittenAsTheCurrentVersion()
    {
        InMemoryNonVolatileStore flash = new();
        TwoSlotRecordStore record = new(flash, SettingsStore.RecordName, SettingsCodec.MaxSerializedBytes);
        record.TryLoad(new byte[SettingsCodec.MaxSerializedBytes]);
        byte[] versionOne = VersionOneRecord(pin: "2468", reportMilliseconds: 5000, mode: "manual");
        record.Save(versionOne, versionOne.Length);

        SettingsStore store = new(flash);
        DeviceSettings loaded = store.Load();

        Assert.True(store.LoadedFromStore);
        Assert.False(store.SettingsWereLost);
        Assert.Equal("dev-7", loaded.DeviceId);
        Assert.Equal("2468", loaded.Pin);
        Assert.Equal(5000, loaded.ReportPeriodMilliseconds);
        Assert.Equal("manual", loaded.Mode);
        Assert.Equal("", loaded.WifiSsid);
        Assert.Equal("", loaded.WifiPassword);
        Assert.Equal("", loaded.MqttUsername);
        Assert.Equal("", loaded.MqttPassword);

        loaded.WifiSsid = "microgrid";
        store.Save(loaded);
        byte[] payload = new byte[SettingsCodec.MaxSerializedBytes];
        int length = new TwoSlotRecordStore(flash, SettingsStore.RecordName, SettingsCodec.MaxSerializedBytes).TryLoad(payload);
        Assert.Equal(SettingsCodec.FormatVersion, payload[0]);
        Assert.Equal(4, SettingsCodec.FormatVersion);
        Assert.Equal("microgrid", new SettingsStore(flash).Load().WifiSsid);
        Assert.True(length > versionOne.Length);
    }

    [Fact]
    public void ARecordCutShort_OrLabelledAnOlderVersion_IsRefused()
    {
        byte[] buffer = new byte[SettingsCodec.MaxSerializedBytes];
        int length = SettingsCodec.Serialize(Sample(1), buffer);
        Assert.True(SettingsCodec.TryDeserialize(buffer, length, new DeviceSettings()));
        Assert.False(SettingsCodec.TryDeserialize(buffer, length - 1, new DeviceSettings()));
        buffer[0] = SettingsCodec.FormatVersionWithoutManualPower;
        Assert.False(SettingsCodec.TryDeserialize(buffer, length, new DeviceSettings()));
        buffer[0] = SettingsCodec.FormatVersionWithoutCredentials;
        Assert.False(SettingsCodec.TryDeserialize(buffer, length, new DeviceSettings()));
    }

    [Fact]
    public void AVersionTwoRecord_LoadsWithManualPowerZero_AndManualPowerRoundTrips()
    {
        DeviceSettings sample = Sample(1);
        sample.ManualBatteryDischargeWatts = -750;
        byte[] buffer = new byte[SettingsCodec.MaxSerializedBytes];
        int length = SettingsCodec.Serialize(sample, buffer);
        DeviceSettings loaded = new();
        Assert.True(SettingsCodec.TryDeserialize(buffer, length, loaded));
        Assert.Equal(-750, loaded.ManualBatteryDischargeWatts);

        // Version 2 is version 3 without the trailing int32, and version 3 is version 4 without
        // its trailer (no command key: 1 byte, tls 1, an empty CA name 1, the plain flag 1).
        buffer[0] = SettingsCodec.FormatVersionWithoutManualPower;
        DeviceSettings versionTwo = new() { ManualBatteryDischargeWatts = 123 };
        Assert.True(SettingsCodec.TryDeserialize(buffer, length - 4 - 4, versionTwo));
        Assert.Equal(0, versionTwo.ManualBatteryDischargeWatts);
        Assert.Equal(sample.WifiSsid, versionTwo.WifiSsid);
    }

    /// <summary>
    /// A record as the version 1 codec wrote it, built from its documented layout (not from the
    /// codec): version, six short strings, key length 0, report_ms, lock_s, mqtt_port, 8 channels
    /// of shunt and gain, the battery divider.
    /// </summary>
    private static byte[] VersionOneRecord(string pin, int reportMilliseconds, string mode)
    {
        List<byte> bytes = [1];
        foreach (string text in new[] { "site-7", "dev-7", "", pin, "gateway.local", mode })
        {
            bytes.Add((byte)text.Length);
            bytes.AddRange(Encoding.ASCII.GetBytes(text));
        }

        bytes.Add(0);
        foreach (int number in new[] { reportMilliseconds, 300, 1883 })
        {
            bytes.AddRange(BitConverter.GetBytes(number));
        }

        bytes.Add(DeviceSettings.MaxChannels);
        for (int channel = 0; channel < DeviceSettings.MaxChannels; channel++)
        {
            bytes.AddRange(BitConverter.GetBytes(0));
            bytes.AddRange(BitConverter.GetBytes(DeviceSettings.UnityGainPartsPerMillion));
        }

        bytes.AddRange(BitConverter.GetBytes(0));
        return bytes.ToArray();
    }

    [Fact]
    public void DecimalText_IsStrict()
    {
        Assert.True(DecimalText.TryParseInt32("-2147483648", out int minimum));
        Assert.Equal(int.MinValue, minimum);
        Assert.False(DecimalText.TryParseInt32("2147483648", out _));
        Assert.False(DecimalText.TryParseInt32(" 1", out _));
        Assert.False(DecimalText.TryParseInt32("-", out _));
        Assert.False(DecimalText.TryParseInt32("", out _));
    }
}
