using EdgeController.Core.Json;

namespace EdgeController.DeviceProjects.Tests;

public class JsonReaderTests
{
    [Fact]
    public void Parse_ObjectWithEveryKind_KeepsOrderAndValues()
    {
        JsonParseResult result = JsonReader.Parse("{\"a\":1,\"b\":-9223372036854775808,\"c\":\"x\\u0041\\n\",\"d\":[true,false,null],\"e\":{}}");

        Assert.True(result.Success, result.Error);
        JsonValue root = result.Value;
        Assert.Equal(JsonKind.Object, root.Kind);
        Assert.Equal(5, root.Count);
        Assert.Equal("a", root.NameAt(0));
        Assert.Equal(1, root.Member("a").IntegerValue);
        Assert.Equal(long.MinValue, root.Member("b").IntegerValue);
        Assert.Equal("xA\n", root.Member("c").StringValue);
        Assert.Equal(3, root.Member("d").Count);
        Assert.True(root.Member("d").ItemAt(0).BooleanValue);
        Assert.Equal(JsonKind.Null, root.Member("d").ItemAt(2).Kind);
        Assert.Equal(JsonKind.Object, root.Member("e").Kind);
        Assert.Null(root.Member("missing"));
    }

    [Fact]
    public void Parse_LargestLong_IsAccepted()
    {
        Assert.Equal(long.MaxValue, JsonReader.Parse("9223372036854775807").Value.IntegerValue);
    }

    [Theory]
    [InlineData("{\"shuntMilliohms\": 2.5}", 1, 21, "fractions and exponents are not accepted")]
    [InlineData("{\"a\": 1e3}", 1, 8, "fractions and exponents")]
    [InlineData("{\"a\":1,\"a\":2}", 1, 8, "duplicate member name \"a\"")]
    [InlineData("{\"a\":1,}", 1, 8, "a member name in double quotes was expected")]
    [InlineData("[1,2,]", 1, 6, "unexpected character ']'")]
    [InlineData("{\n  \"a\": tru\n}", 2, 8, "unknown literal")]
    [InlineData("\"abc", 1, 5, "unterminated string")]
    [InlineData("\"a\\qb\"", 1, 4, "unknown escape")]
    [InlineData("\"\\u12g4\"", 1, 6, "four hex digits")]
    [InlineData("9223372036854775808", 1, 1, "does not fit 64 bits")]
    [InlineData("-9223372036854775809", 1, 1, "does not fit 64 bits")]
    [InlineData("012", 1, 1, "leading zeros")]
    [InlineData("-", 1, 2, "a digit was expected")]
    [InlineData("", 1, 1, "unexpected end of text")]
    [InlineData("{} {}", 1, 4, "unexpected text after the end")]
    [InlineData("// comment\n{}", 1, 1, "unexpected character '/'")]
    [InlineData("{'a':1}", 1, 2, "a member name in double quotes")]
    [InlineData("\"a\tb\"", 1, 3, "control character")]
    [InlineData("{\"a\" 1}", 1, 6, "':' was expected")]
    [InlineData("[1 2]", 1, 4, "',' or ']' was expected")]
    public void Parse_Malformed_FailsWithLineColumnAndReason(string text, int line, int column, string reason)
    {
        JsonParseResult result = JsonReader.Parse(text);

        Assert.False(result.Success);
        Assert.Null(result.Value);
        Assert.Equal(line, result.Line);
        Assert.Equal(column, result.Column);
        Assert.Contains(reason, result.Error);
        Assert.StartsWith($"line {line}, column {column}: ", result.Error);
    }

    [Fact]
    public void Parse_NestingBeyondTheLimit_FailsInsteadOfOverflowingTheStack()
    {
        string deep = new string('[', JsonReader.MaxDepth + 1) + new string(']', JsonReader.MaxDepth + 1);
        string deepest = new string('[', JsonReader.MaxDepth) + new string(']', JsonReader.MaxDepth);

        Assert.Contains("nesting deeper than", JsonReader.Parse(deep).Error);
        Assert.True(JsonReader.Parse(deepest).Success);
        Assert.False(JsonReader.Parse(new string('[', 100000)).Success);
    }

    [Fact]
    public void Parse_Null_FailsClearly()
    {
        Assert.Equal("no text", JsonReader.Parse(null).Error);
    }

    [Fact]
    public void Parse_RandomAndMutatedText_NeverThrows()
    {
        // A property-style sweep: every prefix and every single-character mutation of a real
        // board config, plus random bytes, either parses or fails with a located message.
        string sample = File.ReadAllText(RepoPaths.Combine("board-configs/esp32-devkitc.json"));
        Random random = new(6);
        const string alphabet = "{}[]\",:0123456789-.eE tfnul\\/abc\n\u0001\u00e9";
        for (int i = 0; i < 3000; i++)
        {
            string text = (i % 3) switch
            {
                0 => sample[..random.Next(sample.Length)],
                1 => Mutate(sample, random, alphabet),
                _ => RandomText(random, alphabet),
            };

            JsonParseResult result = JsonReader.Parse(text);
            Assert.True(result.Success || (result.Error != null && result.Line >= 1 && result.Column >= 1), text);
        }
    }

    private static string Mutate(string sample, Random random, string alphabet)
    {
        char[] chars = sample.ToCharArray();
        chars[random.Next(chars.Length)] = alphabet[random.Next(alphabet.Length)];
        return new string(chars);
    }

    private static string RandomText(Random random, string alphabet)
    {
        char[] chars = new char[random.Next(1, 40)];
        for (int i = 0; i < chars.Length; i++)
        {
            chars[i] = alphabet[random.Next(alphabet.Length)];
        }

        return new string(chars);
    }
}
