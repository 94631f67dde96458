namespace EdgeController.Console.Tests;

/// <summary>
/// A reply never repeats a key whole, even where it echoes what was typed: a technician who puts
/// a key in the wrong place (found by the console's fuzz property, once setting names became
/// case-insensitive and `config SET` reached the setting catalog).
/// </summary>
public sealed class KeyNeverEchoedTests
{
    private const string KeyHex = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    [Theory]
    [InlineData("config SET " + KeyHex + " read")]
    [InlineData("config set " + KeyHex + " 1")]
    [InlineData("config get " + KeyHex)]
    public void AKeyTypedAsASettingName_IsRefused_AndNotEchoedWhole(string line)
    {
        using ConsoleHarness console = new();
        console.Unlock();

        string reply = console.Send(line);

        Assert.StartsWith("ERR unknown_setting", reply, StringComparison.Ordinal);
        Assert.DoesNotContain(KeyHex, reply, StringComparison.Ordinal);
    }
}
