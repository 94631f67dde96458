using System.Text;
using System.Text.Json;
using EdgeController.Core.Telemetry;
using FsCheck.Xunit;

namespace EdgeController.Core.Tests.Telemetry;

public sealed class CompactJsonWriterTests
{
    [Fact]
    public void Writes_KeysInOrder_WithoutWhitespace()
    {
        byte[] buffer = new byte[128];
        CompactJsonWriter json = new();
        json.Begin(buffer, 2);
        json.WriteInteger("a", long.MinValue);
        json.WriteString("b", "x-1");
        json.WriteInteger("c", 0);
        json.End();

        Assert.True(json.IsValid);
        Assert.Equal("{\"a\":-9223372036854775808,\"b\":\"x-1\",\"c\":0}", Encoding.ASCII.GetString(buffer, 2, json.Length));
    }

    [Fact]
    public void RefusesStringsThatWouldNeedEscaping()
    {
        CompactJsonWriter json = new();
        json.Begin(new byte[64], 0);
        json.WriteString("mode", "say \"hi\"");
        Assert.False(json.IsValid);
    }

    [Fact]
    public void FailsWhenTheBufferIsTooSmall()
    {
        CompactJsonWriter json = new();
        json.Begin(new byte[10], 0);
        json.WriteInteger("seq", 123456789);
        json.End();
        Assert.False(json.IsValid);
    }

    [Property]
    public bool IntegersRoundTripThroughAJsonParser(long value)
    {
        byte[] buffer = new byte[64];
        CompactJsonWriter json = new();
        json.Begin(buffer, 0);
        json.WriteInteger("n", value);
        json.End();
        using JsonDocument document = JsonDocument.Parse(buffer.AsMemory(0, json.Length));
        return document.RootElement.GetProperty("n").GetInt64() == value;
    }
}
