using System.Text;
using EdgeController.Core.Console;

namespace EdgeController.Console.Tests;

public sealed class LineEditorTests
{
    /// <summary>Feeds text; returns the completed lines and the echo.</summary>
    private static (List<string> Lines, string Echo, LineEditor Editor) Feed(string input, LineEditor? editor = null)
    {
        editor ??= new LineEditor();
        List<string> lines = [];
        StringBuilder echo = new();
        foreach (byte b in Encoding.Latin1.GetBytes(input))
        {
            int result = editor.Feed(b);
            echo.Append(Encoding.Latin1.GetString(editor.Echo, 0, editor.EchoLength));
            if (result == LineEditor.LineReady)
            {
                lines.Add(editor.TakeLine());
            }
        }

        return (lines, echo.ToString(), editor);
    }

    [Theory]
    [InlineData("status\r")]
    [InlineData("status\n")]
    [InlineData("status\r\n")]
    public void AnyLineEnd_EndsOneLine(string input)
    {
        var (lines, echo, _) = Feed(input + input);
        Assert.Equal(["status", "status"], lines);
        Assert.Equal("status\r\nstatus\r\n", echo);
    }

    [Fact]
    public void BlankLinesBetweenCrlf_AreNotSwallowed()
    {
        Assert.Equal(["a", "", "b"], Feed("a\r\n\r\nb\r").Lines);
        Assert.Equal(["a", "", "b"], Feed("a\n\nb\n").Lines);
    }

    [Fact]
    public void Backspace_AndDelete_EraseOneCharacter_OnScreenToo()
    {
        var (lines, echo, _) = Feed("statx\bus\x7Fs\r");
        Assert.Equal(["status"], lines);
        Assert.Equal("statx\b \bus\b \bs\r\n", echo);
    }

    [Fact]
    public void BackspaceOnAnEmptyLine_DoesNothing()
    {
        var (lines, echo, _) = Feed("\b\b\x7Fok\r");
        Assert.Equal(["ok"], lines);
        Assert.Equal("ok\r\n", echo);
    }

    [Fact]
    public void ControlBytes_NonAscii_AndArrowKeys_AreIgnored()
    {
        var (lines, echo, _) = Feed("re\x01\x00\tad\u00e9\u00ff\x1b[A\x1b[1;5C\x1bOB\r");
        Assert.Equal(["read"], lines);
        Assert.Equal("read\r\n", echo);
    }

    [Fact]
    public void EscapeThenEnter_StillEndsTheLine()
    {
        Assert.Equal(["read", "x"], Feed("read\x1b\rx\x1b[\r").Lines);
    }

    [Fact]
    public void CtrlC_DropsTheLine()
    {
        LineEditor editor = new();
        foreach (byte b in "reboot"u8)
        {
            editor.Feed(b);
        }

        Assert.Equal(LineEditor.Cancelled, editor.Feed(0x03));
        Assert.Equal(["x"], Feed("x\r", editor).Lines);
    }

    [Fact]
    public void TooLongLine_IsCutAtTheLimit_RingsTheBell_AndIsFlagged()
    {
        string longLine = new('a', LineEditor.MaxLineLength + 5);
        var (lines, echo, editor) = Feed(longLine + "\r");
        Assert.Single(lines);
        Assert.Equal(LineEditor.MaxLineLength, lines[0].Length);
        Assert.True(editor.LastLineTooLong);
        Assert.Equal(5, echo.Count(c => c == '\a'));
        Feed("ok\r", editor);
        Assert.False(editor.LastLineTooLong);
    }

    [Theory]
    [InlineData("key set k2 00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\r")]
    [InlineData("  KEY   Set k2 00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\r")]
    public void KeySet_IsNotEchoedAfterItsPrefix(string input)
    {
        var (lines, echo, _) = Feed(input);
        Assert.Equal(input[..^1], lines[0]);
        Assert.DoesNotContain("0011", echo);
        Assert.DoesNotContain("k2", echo);
        Assert.EndsWith("et \r\n", echo, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("unlock 2468\r", "unlock \r\n")]
    [InlineData("config set pin 97531\r", "config set pin \r\n")]
    [InlineData("Config  SET   pin 97531\r", "Config  SET   pin \r\n")]
    [InlineData("config set pins 1\r", "config set pins 1\r\n")]
    [InlineData("config set wifi_pass hunter2hunter2\r", "config set wifi_pass \r\n")]
    [InlineData("CONFIG set  MQTT_PASS s3cret\r", "CONFIG set  MQTT_PASS \r\n")]
    [InlineData("config set wifi_ssid microgrid\r", "config set wifi_ssid microgrid\r\n")]
    [InlineData("config set report_ms 5000\r", "config set report_ms 5000\r\n")]
    [InlineData("unlocked 1\r", "unlocked 1\r\n")]
    public void PinsAreNotEchoedEither(string input, string expectedEcho)
    {
        var (lines, echo, _) = Feed(input);
        Assert.Equal(input[..^1], lines[0]);
        Assert.Equal(expectedEcho, echo);
    }

    [Fact]
    public void BackspaceOverASecret_ErasesSilently_ThenEchoesTheVisiblePartAgain()
    {
        var (lines, echo, _) = Feed("key set ab\b\b\b\bx\r");
        Assert.Equal(["key sex"], lines);
        Assert.Equal("key set \b \b\b \bx\r\n", echo);
    }

    [Fact]
    public void EchoOff_EchoesNothing()
    {
        var (lines, echo, _) = Feed("status\r", new LineEditor { EchoEnabled = false });
        Assert.Equal(["status"], lines);
        Assert.Equal("", echo);
    }
}
