namespace EdgeController.Gateway.Tests;

using EdgeController.Ledger;
using EdgeController.Simulator;

public sealed class ToolTextTests
{
    [Theory]
    [InlineData("127.0.0.1:1883", "127.0.0.1", 1883)]
    [InlineData("broker.local", "broker.local", 1883)]
    [InlineData("[::1]:8883", "::1", 8883)]
    [InlineData("::1", "::1", 1883)]
    public void BrokerAddress_Parses(string text, string host, int port)
    {
        Assert.True(BrokerAddress.TryParse(text, out BrokerAddress? address, out string error), error);
        Assert.Equal(new BrokerAddress(host, port), address);
    }

    [Theory]
    [InlineData("host:0", "not a port")]
    [InlineData("host:http", "not a port")]
    [InlineData(":1883", "no host")]
    [InlineData("", "empty")]
    public void BrokerAddress_ExplainsBadInput(string text, string expected)
    {
        Assert.False(BrokerAddress.TryParse(text, out _, out string error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10m", 600)]
    [InlineData("1h30m", 5400)]
    [InlineData("1d", 86400)]
    [InlineData("500ms", 0.5)]
    public void Duration_Parses(string text, double seconds)
    {
        Assert.True(DurationText.TryParse(text, out TimeSpan duration, out string error), error);
        Assert.Equal(seconds, duration.TotalSeconds);
    }

    [Theory]
    [InlineData("10")]
    [InlineData("ten minutes")]
    [InlineData("0s")]
    public void Duration_RefusesNonsense(string text) => Assert.False(DurationText.TryParse(text, out _, out _));
}
