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
        };
        settings.CurrentGainPartsPerMillion[variant % DeviceSettings.MaxChannels] = 1_000_000 + variant;
        settings.ShuntMicroohms[(variant + 1) % DeviceSettings.MaxChannels] = 2000 + variant;
        return settings;
    }

    /// <summary>Two settings are the same when every catalogued value, the PIN and the key are.</summary>
    private static string Describe(DeviceSettings settings)
    {
        IEnumerable<string> names = SettingCatalog.ScalarNames
            .Concat(Enumerable.Range(0, DeviceSettings.MaxChannels).SelectMany(c => new[] { SettingCatalog.ShuntName(c), SettingCatalog.GainName(c) }));
        return string.Join(";", names.Select(name => name + "=" + SettingCatalog.Get(settings, name)))
            + ";pin=" + settings.Pin + ";key=" + (settings.Key is null ? "none" : Convert.ToHexString(settings.Key));
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
