using EdgeController.Provision;

namespace EdgeController.DeviceProjects.Tests;

/// <summary>`ec-provision board check FILE`: what flash.sh and flash.ps1 read before nanoff runs.</summary>
public sealed class BoardCheckTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("board-check-").FullName;

    [Theory]
    [InlineData("esp32-devkitc", "nanoffTarget=ESP32_PSRAM_REV0")]
    [InlineData("simulator", "platform=simulator")]
    public void EveryShippedBoard_Passes_AndSaysWhatFlashNeeds(string board, string expectedLine)
    {
        (int exit, string output, string error) = Check(RepoPaths.Combine($"board-configs/{board}.json"));

        Assert.True(exit == BoardCheck.Valid, error);
        Assert.Contains(expectedLine, output.Split('\n').Select(l => l.TrimEnd('\r')));
        Assert.Equal(board == "simulator", !output.Contains("nanoffTarget=", StringComparison.Ordinal));
        Assert.EndsWith("OK", output.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void ARejectedConfig_NamesEveryError_WithTheFile_AndExits3()
    {
        string text = File.ReadAllText(RepoPaths.Combine("board-configs/esp32-devkitc.json"))
            .Replace("\"0x41\"", "\"0x60\"", StringComparison.Ordinal);
        string file = Write("bad.json", text.Replace("\"schema\": 1", "\"schema\": 1, \"colour\": \"red\"", StringComparison.Ordinal));

        (int exit, string output, string error) = Check(file);

        Assert.Equal(BoardCheck.Rejected, exit);
        Assert.Empty(output);
        string[] lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.StartsWith(file + ": ", l, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("must be 0x40..0x4F", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("colour", StringComparison.Ordinal));
        Assert.EndsWith("errors", lines[^1].TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void ASyntaxError_IsReportedAsOne()
    {
        (int exit, _, string error) = Check(Write("cut.json", "{ \"schema\": 1, \"board\": "));

        Assert.Equal(BoardCheck.Rejected, exit);
        Assert.Contains("(document): JSON syntax error: line 1, column", error, StringComparison.Ordinal);
        Assert.DoesNotContain("nanoffTarget", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingFile_IsUnreadable_Exit2()
    {
        (int exit, _, string error) = Check(Path.Combine(_folder, "none.json"));

        Assert.Equal(BoardCheck.Unreadable, exit);
        Assert.Contains("cannot be read", error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static (int Exit, string Output, string Error) Check(string path)
    {
        using StringWriter output = new();
        using StringWriter error = new();
        int exit = BoardCheck.Run(path, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
