using EdgeController.Hal;
using EdgeController.Hal.Esp32;

namespace EdgeController.DeviceProjects.Tests;

/// <summary>hal/Esp32's M2MqttLink asks this rule before every connect: no password in clear unless allowed.</summary>
public class MqttPasswordPolicyTests
{
    [Theory]
    [InlineData("dev-0001", "secret", false, false, true)] // plain, password: refused
    [InlineData("dev-0001", "secret", true, false, false)] // TLS: sent
    [InlineData("dev-0001", "secret", false, true, false)] // plain, explicitly allowed
    [InlineData("dev-0001", "", false, false, false)] // no password to leak
    [InlineData("", "secret", false, false, false)] // no user name: the password is never sent
    [InlineData(null, null, false, false, false)]
    public void APassword_GoesOutInClear_OnlyWhenAllowed(string? user, string? password, bool tls, bool allowPlain, bool refused)
    {
        MqttLinkSettings settings = new() { Host = "gw", ClientId = "dev-0001", StatusTopic = "s", Username = user!, Password = password!, UseTls = tls,
            AllowPlainPassword = allowPlain };

        Assert.Equal(refused, MqttPasswordPolicy.Refuses(settings));
    }

    [Fact]
    public void TheLink_AsksTheRule_BeforeItOpensAClient()
    {
        // M2MqttLink needs nanoFramework's M2Mqtt and cannot run here: its TryConnect must ask the
        // rule before the line that creates the client.
        string source = File.ReadAllText(RepoPaths.Combine("hal/Esp32/M2MqttLink.cs"));
        int asked = source.IndexOf("MqttPasswordPolicy.Refuses(_settings)", StringComparison.Ordinal);
        int opened = source.IndexOf("new MqttClient(", StringComparison.Ordinal);

        Assert.True(asked > 0 && opened > asked, "TryConnect must refuse before a socket opens");
    }
}
