using EdgeController.Core.Settings;
using EdgeController.Hal.Simulation.Storage;

namespace EdgeController.Console.Tests;

/// <summary>Settings record version 4: the gateway's command key and the broker's TLS settings (issues 11 and 12).</summary>
public sealed class CommandKeyAndTlsSettingsTests
{
    private const string KeyHex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    private static DeviceSettings Provisioned()
    {
        DeviceSettings settings = new() { SiteId = "site1", DeviceId = "dev-7", MqttHost = "broker.local" };
        Assert.Null(SettingCatalog.Set(settings, "cmd_key", KeyHex, out _));
        Assert.Null(SettingCatalog.Set(settings, "mqtt_tls", "1", out _));
        Assert.Null(SettingCatalog.Set(settings, "mqtt_ca", "broker-ca.pem", out _));
        Assert.Null(SettingCatalog.Set(settings, "mqtt_plain_pass", "1", out _));
        return settings;
    }

    [Fact]
    public void CommandKeyAndTls_SurviveASaveAndALoad()
    {
        InMemoryNonVolatileStore flash = new();
        SettingsStore store = new(flash);
        store.Load();
        store.Save(Provisioned());

        DeviceSettings loaded = new SettingsStore(flash).Load();

        Assert.Equal(Convert.FromHexString(KeyHex), loaded.CommandKey);
        Assert.True(loaded.HasCommandKey);
        Assert.True(loaded.MqttUseTls);
        Assert.Equal("broker-ca.pem", loaded.MqttCaFile);
        Assert.True(loaded.MqttAllowPlainPassword);
    }

    [Fact]
    public void AVersionThreeRecord_LoadsWithoutCommandKey_OnPlainTcp_WithoutPlainPasswords()
    {
        DeviceSettings settings = new() { SiteId = "site1", DeviceId = "dev-7", ManualBatteryDischargeWatts = 42 };
        byte[] buffer = new byte[SettingsCodec.MaxSerializedBytes];
        int length = SettingsCodec.Serialize(settings, buffer);
        buffer[0] = SettingsCodec.FormatVersionWithoutCommandKey;

        DeviceSettings loaded = Provisioned();
        Assert.True(SettingsCodec.TryDeserialize(buffer, length - 4, loaded)); // version 4's trailer: 0, 0, "", 0

        Assert.Null(loaded.CommandKey);
        Assert.False(loaded.MqttUseTls);
        Assert.Equal("", loaded.MqttCaFile);
        Assert.False(loaded.MqttAllowPlainPassword);
        Assert.Equal(42, loaded.ManualBatteryDischargeWatts);
    }

    [Fact]
    public void TheCommandKey_IsNeverShown_AndCanBeRemoved()
    {
        DeviceSettings settings = Provisioned();

        Assert.Equal(SecretSettings.Masked, SettingCatalog.Get(settings, "cmd_key"));
        Assert.True(SecretSettings.IsSecret("cmd_key"));
        Assert.Null(SettingCatalog.Set(settings, "cmd_key", "none", out _));
        Assert.Equal("", SettingCatalog.Get(settings, "cmd_key"));
        Assert.False(settings.HasCommandKey);
    }

    [Theory]
    [InlineData("cmd_key", "00")]
    [InlineData("cmd_key", "zz0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")]
    [InlineData("mqtt_tls", "2")]
    [InlineData("mqtt_tls", "yes")]
    [InlineData("mqtt_plain_pass", "-1")]
    [InlineData("mqtt_ca", "certs/ca.pem")]
    [InlineData("mqtt_ca", "I:\\ca.pem")]
    [InlineData("mqtt_ca", "..")]
    public void BadValues_AreRefused_AndTheOldValueStays(string name, string value)
    {
        DeviceSettings settings = Provisioned();
        string before = SettingCatalog.Get(settings, name);

        Assert.NotNull(SettingCatalog.Set(settings, name, value, out string code));

        Assert.Equal("bad_value", code);
        Assert.Equal(before, SettingCatalog.Get(settings, name));
        Assert.Equal(Convert.FromHexString(KeyHex), settings.CommandKey);
    }

    [Fact]
    public void ResetConfiguration_KeepsTheProvisionedCommandKeyAndTls()
    {
        DeviceSettings settings = Provisioned();

        settings.ResetConfiguration();

        Assert.True(settings.HasCommandKey);
        Assert.True(settings.MqttUseTls);
        Assert.Equal("broker-ca.pem", settings.MqttCaFile);
    }
}
