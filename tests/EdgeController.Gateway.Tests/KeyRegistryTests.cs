using EdgeController.Ledger;

namespace EdgeController.Gateway.Tests;

public sealed class KeyRegistryTests
{
    [Fact]
    public void EveryBadEntry_IsNamed()
    {
        const string json = """{"dev-a": {"k1": "00"}, "bad/dev": {}, "dev-c": {"k 2": "0000000000000000000000000000000000000000000000000000000000000000"}}""";

        KeyRegistryException error = Assert.Throws<KeyRegistryException>(() => KeyRegistry.Parse(json, "keys.json"));

        Assert.Contains("dev-a.k1: key must be 64 hex characters", error.Message, StringComparison.Ordinal);
        Assert.Contains("device id 'bad/dev'", error.Message, StringComparison.Ordinal);
        Assert.Contains("dev-c.k 2: key id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NotJson_SaysSo() =>
        Assert.Contains("not valid JSON", Assert.Throws<KeyRegistryException>(() => KeyRegistry.Parse("{", "k.json")).Message, StringComparison.Ordinal);

    [Fact]
    public void SaveAndLoad_RoundTrip_OwnerOnly()
    {
        using TemporaryFolder folder = new();
        KeyRegistry registry = SignedReadings.Registry();
        string path = folder.File("keys.json");
        registry.Save(path);

        KeyRegistry loaded = KeyRegistry.Load(path);

        Assert.True(loaded.TryGetKey("dev-b", "k1", out byte[] key));
        Assert.Equal(SignedReadings.KeyB, key);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }
}
