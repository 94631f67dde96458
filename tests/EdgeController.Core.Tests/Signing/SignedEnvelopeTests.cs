using System.Text;
using EdgeController.Core.Signing;
using EdgeController.Core.Telemetry;
using EdgeController.Hal.Simulation.Signing;
using FsCheck.Xunit;

namespace EdgeController.Core.Tests.Signing;

/// <summary>The one writer and the one reader of the wire format, against a fixed example.</summary>
public sealed class SignedEnvelopeTests
{
    /// <summary>Key 00 01 .. 1f.</summary>
    private static readonly byte[] s_key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

    private const string FixedPayload = "{\"v\":1,\"dev\":\"dev-1\",\"boot\":1,\"seq\":1,\"ts\":0,\"tq\":0,\"per\":1000,\"vbat_mv\":13200,\"mode\":\"auto\",\"flt\":0}";

    /// <summary>
    /// Computed outside the project: printf '%s' PAYLOAD | openssl dgst -sha256 -mac HMAC -macopt
    /// hexkey:000102...1f (OpenSSL 3.0).
    /// </summary>
    private const string FixedMessage = "EC1|" + FixedPayload
        + "|{\"alg\":\"HS256\",\"kid\":\"k1\",\"sig\":\"847245ca90f4e3534be1879e44fdc1a14ba489f3c663cdf4b842a9a1f6be8a3e\"}";

    [Fact]
    public void Writer_ProducesTheFixedExampleByteForByte()
    {
        byte[] message = new byte[512];
        CompactJsonWriter json = new();
        json.Begin(message, SignedEnvelopeWriter.PayloadOffset);
        json.WriteInteger("v", 1);
        json.WriteString("dev", "dev-1");
        json.WriteInteger("boot", 1);
        json.WriteInteger("seq", 1);
        json.WriteInteger("ts", 0);
        json.WriteInteger("tq", 0);
        json.WriteInteger("per", 1000);
        json.WriteInteger("vbat_mv", 13200);
        json.WriteString("mode", "auto");
        json.WriteInteger("flt", 0);
        json.End();

        int length = new SignedEnvelopeWriter(new HmacSha256Signer("k1", s_key)).Seal(message, json.Length);

        Assert.True(json.IsValid);
        Assert.Equal(FixedMessage, Encoding.ASCII.GetString(message, 0, length));
    }

    [Fact]
    public void Reader_SplitsTheFixedExample()
    {
        byte[] message = Encoding.ASCII.GetBytes(FixedMessage);
        EnvelopeParts parts = new();

        EnvelopeError error = SignedEnvelopeReader.TryParse(message, message.Length, parts);

        Assert.Equal(EnvelopeError.None, error);
        Assert.Equal("dev-1", parts.DeviceId);
        Assert.Equal("k1", parts.KeyId);
        Assert.Equal(FixedPayload, Encoding.ASCII.GetString(message, parts.PayloadOffset, parts.PayloadLength));
        Assert.Equal("847245ca90f4e3534be1879e44fdc1a14ba489f3c663cdf4b842a9a1f6be8a3e", Convert.ToHexStringLower(parts.Mac));
    }

    [Theory]
    [InlineData("", EnvelopeError.BadLength)]
    [InlineData("EC1|{\"v\":1,\"dev\":\"d\"}", EnvelopeError.MissingSeparator)]
    [InlineData("EC2|{\"v\":1,\"dev\":\"d\"}|{}", EnvelopeError.UnknownVersion)]
    [InlineData("EC1|{\"v\":1,\"dev\":\"d\"}|{\"alg\":\"none\",\"kid\":\"k1\",\"sig\":\"\"}", EnvelopeError.UnsupportedAlgorithm)]
    [InlineData("EC1|{\"v\":1,\"dev\":\"d\"}|{\"kid\":\"k1\"}", EnvelopeError.MalformedSignatureBlock)]
    [InlineData("EC1|{\"v\":1,\"dev\":\"d\"}|{\"alg\":\"HS256\",\"kid\":\"k/1\",\"sig\":\"00\"}", EnvelopeError.BadKeyId)]
    [InlineData("EC1|{\"v\":1,\"dev\":\"d\"}|{\"alg\":\"HS256\",\"kid\":\"k1\",\"sig\":\"00\"}", EnvelopeError.BadSignatureEncoding)]
    [InlineData("EC1|{\"v\":1,\"dev\":\"d\"}|{\"alg\":\"HS256\",\"kid\":\"k1\",\"sig\":\"847245CA90f4e3534be1879e44fdc1a14ba489f3c663cdf4b842a9a1f6be8a3e\"}", EnvelopeError.BadSignatureEncoding)]
    [InlineData("EC1|{\"dev\":\"d\",\"v\":1}|{\"alg\":\"HS256\",\"kid\":\"k1\",\"sig\":\"847245ca90f4e3534be1879e44fdc1a14ba489f3c663cdf4b842a9a1f6be8a3e\"}", EnvelopeError.MalformedPayloadHeader)]
    [InlineData("EC1|{\"v\":1,\"dev\":\"d\u00e9\"}|{}", EnvelopeError.NotAscii)]
    public void Reader_NamesTheDefect(string text, EnvelopeError expected)
    {
        byte[] message = Encoding.UTF8.GetBytes(text);

        Assert.Equal(expected, SignedEnvelopeReader.TryParse(message, message.Length, new EnvelopeParts()));
    }

    [Fact]
    public void Reader_SplitsAtTheLastSeparator_SoAPipeInThePayloadCannotMoveTheSignature()
    {
        string withPipe = FixedMessage.Replace("\"mode\":\"auto\"", "\"mode\":\"a|b\"", StringComparison.Ordinal);
        byte[] message = Encoding.ASCII.GetBytes(withPipe);
        EnvelopeParts parts = new();

        Assert.Equal(EnvelopeError.None, SignedEnvelopeReader.TryParse(message, message.Length, parts));
        Assert.Contains("a|b", Encoding.ASCII.GetString(message, parts.PayloadOffset, parts.PayloadLength), StringComparison.Ordinal);
    }

    [Property(MaxTest = 2000)]
    public bool Reader_NeverThrows(byte[] junk)
    {
        EnvelopeError error = SignedEnvelopeReader.TryParse(junk, junk.Length, new EnvelopeParts());
        return Enum.IsDefined(error);
    }

    [Fact]
    public void ConstantTime_ComparesEveryByte()
    {
        byte[] a = [1, 2, 3, 4];
        byte[] b = [1, 2, 3, 5];
        Assert.True(ConstantTime.AreEqual(a, 0, a, 0, 4));
        Assert.False(ConstantTime.AreEqual(a, 0, b, 0, 4));
        Assert.True(ConstantTime.AreEqual(a, 0, b, 0, 3));
    }

    [Fact]
    public void Hex_RoundTripsAndRefusesJunk()
    {
        byte[] encoded = new byte[8];
        HexEncoding.Encode([0x00, 0xAB, 0x7F, 0xFF], 0, 4, encoded, 0);
        Assert.Equal("00ab7fff", Encoding.ASCII.GetString(encoded));
        Assert.Equal(new byte[] { 0xAB, 0xCD }, HexEncoding.DecodeString("AbCd"));
        Assert.Null(HexEncoding.DecodeString("abc"));
        Assert.Null(HexEncoding.DecodeString("zz"));
    }
}
