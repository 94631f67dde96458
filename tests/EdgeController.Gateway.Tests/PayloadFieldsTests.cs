using System.Text;
using System.Text.Json;
using EdgeController.Ledger;

namespace EdgeController.Gateway.Tests;

/// <summary>
/// The plain scan that reads the firmware's payloads must take exactly the fields the JSON reader
/// takes, and leave to the reader whatever it is not sure of: compared payload by payload.
/// </summary>
public sealed class PayloadFieldsTests
{
    private const string Device = "dev-a";

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"v\":1,\"dev\":\"dev-a\",\"boot\":1,\"seq\":7,\"ts\":1782036000000}")]
    [InlineData("{\"seq\":-0}")]
    [InlineData("{\"seq\":-12,\"x\":0}")]
    [InlineData("{\"seq\":01}")]
    [InlineData("{\"seq\":-}")]
    [InlineData("{\"seq\":123456789012345678}")]
    [InlineData("{\"seq\":1234567890123456789}")]
    [InlineData("{\"seq\":9223372036854775807}")]
    [InlineData("{\"seq\":9223372036854775808}")]
    [InlineData("{\"seq\":1.0}")]
    [InlineData("{\"seq\":1e2}")]
    [InlineData("{\"seq\":1E2}")]
    [InlineData("{\"seq\":true}")]
    [InlineData("{\"seq\":null}")]
    [InlineData("{\"seq\":\"7\"}")]
    [InlineData("{\"dev\":7}")]
    [InlineData("{\"dev\":\"dev-a\",\"dev\":\"dev-b\"}")]
    [InlineData("{\"dev\":\"dev-b\",\"dev\":\"dev-a\"}")]
    [InlineData("{\"ev\":\"dropped\",\"first\":2,\"last\":5}")]
    [InlineData("{\"ev\":\"dropped\",\"ev\":3}")]
    [InlineData("{\"ev\":\"a\\\"b\"}")]
    [InlineData("{\"s\\u0065q\":7}")]
    [InlineData("{\"seq\":7,}")]
    [InlineData("{\"seq\":7} ")]
    [InlineData(" {\"seq\":7}")]
    [InlineData("{\"seq\" :7}")]
    [InlineData("{\"seq\":7}{}")]
    [InlineData("{\"seq\"}")]
    [InlineData("{\"seq\":}")]
    [InlineData("{\"seq\":7")]
    [InlineData("{\"seq")]
    [InlineData("{")]
    [InlineData("{,}")]
    [InlineData("{\"n\":{\"seq\":9}}")]
    [InlineData("[1,2]")]
    [InlineData("7")]
    [InlineData("\"x\"")]
    public void Scan_AgreesWithTheReader(string payload) => AssertSameFields(Encoding.ASCII.GetBytes(payload));

    [Fact]
    public void Scan_AgreesWithTheReader_OnFirmwarePayloadsAndTheirMutations()
    {
        Random random = new(12);
        int scanned = 0;
        const int cases = 20_000;
        for (int i = 0; i < cases; i++)
        {
            byte[] payload = Mutate(FirmwarePayload(random), random);
            AssertSameFields(payload);
            scanned += PayloadFields.TryReadFlat(payload, Device, out _) ? 1 : 0;
        }

        // Both kinds of payload were tried: those the scan reads, and those it leaves to the reader.
        Assert.True(scanned > cases / 10 && scanned < cases - (cases / 10), $"{scanned} of {cases} scanned");
    }

    private static void AssertSameFields(byte[] payload)
    {
        string expected = Outcome(() => (PayloadFields.TryReadWithReader(payload, Device, out PayloadFields fields), fields));
        string actual = Outcome(() => (PayloadFields.TryRead(payload, Device, out PayloadFields fields), fields));
        Assert.True(expected == actual, $"{Encoding.ASCII.GetString(payload)}: reader {expected}, scan {actual}");
        if (PayloadFields.TryReadFlat(payload, Device, out PayloadFields scannedFields))
        {
            Assert.Equal(expected, Describe(true, scannedFields));
        }
    }

    private static string Outcome(Func<(bool IsObject, PayloadFields Fields)> read)
    {
        try
        {
            (bool isObject, PayloadFields fields) = read();
            return Describe(isObject, fields);
        }
        catch (JsonException)
        {
            return "not JSON";
        }
    }

    private static string Describe(bool isObject, PayloadFields fields) =>
        $"object {isObject} v {Show(fields.Version)} seq {Show(fields.Sequence)} boot {Show(fields.Boot)} ts {Show(fields.Timestamp)} "
        + $"first {Show(fields.First)} last {Show(fields.Last)} dev {fields.DeviceMatches} ev {fields.EventKind ?? "-"}";

    private static string Show(IntegerField field) => field.TryGet(out long value) ? value.ToString(System.Globalization.CultureInfo.InvariantCulture) : "-";

    private static byte[] FirmwarePayload(Random random)
    {
        StringBuilder json = new("{\"v\":1,\"dev\":\"");
        json.Append(random.Next(4) == 0 ? "dev-b" : Device).Append("\",\"boot\":").Append(random.Next(3))
            .Append(",\"seq\":").Append(Integer(random)).Append(",\"ts\":").Append(1_782_036_000_000L + random.Next());
        string[] names = ["per", "grid_mw", "pv_fwd_mwh", "mode", "flt", "ev", "first", "last", "seq", "dev", "v", ""];
        for (int member = random.Next(12); member > 0; member--)
        {
            json.Append(",\"").Append(names[random.Next(names.Length)]).Append("\":");
            if (random.Next(3) == 0)
            {
                json.Append('"').Append(random.Next(3) == 0 ? "dropped" : PlainText(random)).Append('"');
            }
            else
            {
                json.Append(Integer(random));
            }
        }

        return Encoding.ASCII.GetBytes(json.Append('}').ToString());
    }

    private static string Integer(Random random) => random.Next(12) switch
    {
        0 => "0",
        1 => (-random.Next(1, 100_000)).ToString(System.Globalization.CultureInfo.InvariantCulture),
        2 => random.NextInt64(100_000_000_000_000_000, 999_999_999_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture),
        3 => random.NextInt64(long.MaxValue / 10 * 9, long.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => random.Next(1, 100_000).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static string PlainText(Random random)
    {
        char[] text = new char[random.Next(0, 8)];
        for (int i = 0; i < text.Length; i++)
        {
            char c;
            do
            {
                c = (char)random.Next(0x20, 0x7F);
            }
            while (c is '"' or '\\');
            text[i] = c;
        }

        return new string(text);
    }

    /// <summary>None, one or a few edits with the bytes that matter to JSON, all printable ASCII as the envelope demands.</summary>
    private static byte[] Mutate(byte[] payload, Random random)
    {
        const string telling = "{}[],:\"\\ -0123456789.eEtrufalsn";
        List<byte> bytes = [.. payload];
        for (int edits = random.Next(4); edits > 0 && bytes.Count > 0; edits--)
        {
            int at = random.Next(bytes.Count);
            byte b = random.Next(3) == 0 ? (byte)random.Next(0x20, 0x7F) : (byte)telling[random.Next(telling.Length)];
            switch (random.Next(4))
            {
                case 0:
                    bytes[at] = b;
                    break;
                case 1:
                    bytes.Insert(at, b);
                    break;
                case 2:
                    bytes.RemoveAt(at);
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }

        return [.. bytes];
    }
}
