using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EdgeController.Console.Tests;

/// <summary>One test case: inputs typed one after the other, each a line or a raw burst of bytes.</summary>
public sealed record ConsoleScript(byte[][] Inputs)
{
    public override string ToString() => string.Join(" | ", Inputs.Select(input => Encoding.Latin1.GetString(input).ReplaceLineEndings("\\n")));
}

/// <summary>
/// Generates what a technician, a confused script or line noise might send: real commands with
/// plausible and implausible arguments (the PIN sometimes right, so changes, saves, key changes
/// and reboots happen too), random printable lines, and raw bytes of any value with random line ends.
/// </summary>
public static class ConsoleInputs
{
    public const int InputsPerScript = 100;

    private static readonly string[] s_words =
    [
        "help", "version", "status", "read", "watch", "config", "calibrate", "mode", "fault", "mqtt", "key", "log",
        "unlock", "lock", "reboot", "show", "get", "set", "save", "reset", "clear", "rotate", "shunt", "current", "battery",
        "auto", "standby", "manual", "report_ms", "lock_s", "mqtt_host", "mqtt_port", "pin", "site", "dev", "kid",
        "gain_ppm.0", "shunt_uohm.1", "vbat_div_ppm", "pv", "grid", "bat", "0000", "1234", "HELP", "Key", "SET",
    ];

    private static readonly Gen<string> s_argument = Gen.Frequency(
        (6, Gen.Elements(s_words)),
        (3, Gen.Choose(-3, 20_000_000).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        (1, Gen.Elements("k2", "9999999999999", "-", "", "0x10", "1e3", "é", "\"", "a|b",
            "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff", "001122")),
        (1, Gen.Choose(0, 40).SelectMany(length => Gen.ArrayOf(Gen.Choose(0x21, 0x7E).Select(c => (char)c), length)).Select(chars => new string(chars))));

    private static readonly Gen<byte[]> s_commandLine =
        Gen.Choose(0, 5).SelectMany(count => Gen.ArrayOf(s_argument, count))
            .SelectMany(words => Gen.Elements("\r", "\n", "\r\n").Select(end => Encoding.Latin1.GetBytes(string.Join(" ", words) + end)));

    private static readonly Gen<byte[]> s_unlock = Gen.Constant(Encoding.ASCII.GetBytes("unlock 0000\r"));

    private static readonly Gen<byte[]> s_printableLine =
        Gen.Choose(0, 160).SelectMany(length => Gen.ArrayOf(Gen.Choose(0x20, 0x7E).Select(b => (byte)b), length))
            .Select(bytes => bytes.Append((byte)'\r').ToArray());

    private static readonly Gen<byte[]> s_rawBytes =
        Gen.Choose(1, 64).SelectMany(length => Gen.ArrayOf(Gen.Frequency(
            (8, Gen.Choose(0, 255).Select(b => (byte)b)),
            (1, Gen.Elements((byte)'\r', (byte)'\n', (byte)0x1B, (byte)0x08, (byte)0x7F, (byte)0x03))), length));

    public static Arbitrary<ConsoleScript> Scripts() =>
        Gen.ArrayOf(Gen.Frequency((10, s_commandLine), (2, s_unlock), (2, s_printableLine), (2, s_rawBytes)), InputsPerScript)
            .Select(inputs => new ConsoleScript(inputs))
            .ToArbitrary();
}

public sealed class ConsoleFuzzProperties
{
    /// <summary>1,000 scripts of 100 inputs: 100,000 lines and byte bursts.</summary>
    [Property(MaxTest = 1000, Arbitrary = [typeof(ConsoleInputs)])]
    public void AnyInput_NoExceptionEscapes_AndEveryReplyEndsInOkOrOneErrLine(ConsoleScript script)
    {
        using ConsoleHarness console = new();
        StringBuilder output = new(console.BootText);
        int step = 0;
        int repliesWritten = 0;
        foreach (byte[] input in script.Inputs)
        {
            console.Port.Type(input);
            console.Device.PollConsole();
            if (++step % 10 == 0)
            {
                console.Device.Step(1000); // time passes: watch streams, idle locks expire
            }

            if (console.Device.RebootHook.TakeRequest())
            {
                output.Append(console.Port.TakeOutput());
                repliesWritten += console.Device.Console!.RepliesWritten;
                console.Reboot();
                output.Append(console.BootText);
            }

            output.Append(console.Port.TakeOutput());
        }

        // Finish a watch still streaming, so every reply is complete.
        console.Port.Type("\r");
        console.Device.PollConsole();
        output.Append(console.Port.TakeOutput());

        int replies = ConsoleReplyShape.CheckAll(output.ToString(), out string problem);
        Assert.True(replies >= 0, problem);
        Assert.Equal(repliesWritten + console.Device.Console!.RepliesWritten, replies);
        Assert.Equal(0, console.Device.Console!.InternalErrors);
        Assert.DoesNotContain("ERR internal", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("00112233445566778899aabbccddeeff", output.ToString(), StringComparison.Ordinal);
    }
}
