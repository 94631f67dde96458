using System.Diagnostics;

namespace EdgeController.DeviceProjects.Tests;

/// <summary>tools/flash.sh fails early, clearly and with its documented exit code (needs bash: Linux, macOS, CI).</summary>
public sealed class FlashScriptTests : IDisposable
{
    private readonly string _sandbox = Directory.CreateTempSubdirectory("flash-sh-").FullName;

    [Fact]
    public void WithoutNanoff_SaysHowToInstallIt_AndExits3()
    {
        (int exitCode, string error) = RunFlash(withFakeNanoff: false, "--board", "esp32-devkitc", "--port", "/dev/ttyUSB0");

        Assert.Equal(3, exitCode);
        Assert.Contains("nanoff was not found on PATH", error);
        Assert.Contains("dotnet tool install -g nanoff", error);
    }

    [Fact]
    public void WithAMissingPort_NamesThePort_AndExits5()
    {
        string port = Path.Combine(_sandbox, "ttyUSB9");

        (int exitCode, string error) = RunFlash(withFakeNanoff: true, "--board", "esp32-devkitc", "--port", port);

        Assert.Equal(5, exitCode);
        Assert.Contains($"serial port {port} does not exist", error);
    }

    [Fact]
    public void WithAMissingImage_NamesTheFile_AndExits6()
    {
        string image = Path.Combine(_sandbox, "missing.bin");

        (int exitCode, string error) = RunFlash(withFakeNanoff: true, "--board", "esp32-devkitc", "--port", "/dev/null", "--image", image);

        Assert.Equal(6, exitCode);
        Assert.Contains($"file {image} does not exist", error);
    }

    [Fact]
    public void WithAnUnknownBoard_ListsTheKnownOnes_AndExits4()
    {
        (int exitCode, string error) = RunFlash(withFakeNanoff: true, "--board", "esp32-unknown", "--port", "/dev/null");

        Assert.Equal(4, exitCode);
        Assert.Contains("esp32-devkitc", error);
    }

    [Fact]
    public void WithEverythingInPlace_RunsUpdateDeployAndFileDeployment_OfTheSettingsRecordAsIs()
    {
        string image = Path.Combine(_sandbox, "app.bin");
        string settingsDir = Path.Combine(_sandbox, "dev 7");
        Directory.CreateDirectory(settingsDir);
        File.WriteAllBytes(image, [1, 2, 3]);
        File.WriteAllBytes(Path.Combine(settingsDir, "settings.a"), [0x45, 0x43, 0x52, 0x31]);

        (int exitCode, string error) = RunFlash(withFakeNanoff: true,
            "--board", "esp32-devkitc", "--port", "/dev/null", "--image", image, "--settings-dir", settingsDir);

        Assert.True(exitCode == 0, error);
        string[] calls = File.ReadAllLines(Path.Combine(_sandbox, "nanoff-calls.txt"));
        Assert.Equal(3, calls.Length);
        Assert.Equal("--update --target ESP32_PSRAM_REV0 --serialport /dev/null", calls[0]);
        Assert.Equal($"--deploy --image {image} --serialport /dev/null", calls[1]);
        Assert.StartsWith("--filedeployment ", calls[2]);
        using System.Text.Json.JsonDocument deployment = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_sandbox, "deployment.json")));
        var files = deployment.RootElement.GetProperty("files").EnumerateArray()
            .Select(f => (Destination: f.GetProperty("DestinationFilePath").GetString(),
                Source: f.TryGetProperty("SourceFilePath", out var source) ? source.GetString() : null))
            .ToArray();
        Assert.Equal(
            [
                ("I:\\board.json", RepoPaths.Combine("board-configs/esp32-devkitc.json")),
                ("I:\\settings.a", Path.Combine(settingsDir, "settings.a")),
                ("I:\\settings.b", null), // the slot the folder lacks is deleted: an older record there would win
                ("I:\\settings.json", null), // the settings file of older firmware
            ],
            files.Select(f => (f.Destination, f.Source is null ? null : Path.GetFullPath(f.Source))).ToArray());
    }

    [Fact]
    public void WithoutSettingsDir_DeploysOnlyTheBoardConfig_LeavingTheDevicesSettings()
    {
        string image = Path.Combine(_sandbox, "app.bin");
        File.WriteAllBytes(image, [1, 2, 3]);

        (int exitCode, string error) = RunFlash(withFakeNanoff: true, "--board", "esp32-devkitc", "--port", "/dev/null", "--image", image, "--skip-update");

        Assert.True(exitCode == 0, error);
        string deployment = File.ReadAllText(Path.Combine(_sandbox, "deployment.json"));
        Assert.Contains("\"DestinationFilePath\": \"I:\\\\board.json\"", deployment);
        Assert.DoesNotContain("settings", deployment);
    }

    [Fact]
    public void WithASettingsDirWithoutARecord_SaysHowToWriteOne_AndExits6()
    {
        string image = Path.Combine(_sandbox, "app.bin");
        File.WriteAllBytes(image, [1, 2, 3]);

        (int exitCode, string error) = RunFlash(withFakeNanoff: true, "--board", "esp32-devkitc", "--port", "/dev/null", "--image", image,
            "--settings-dir", _sandbox);

        Assert.Equal(6, exitCode);
        Assert.Contains("holds no settings record", error);
        Assert.Contains("ec-provision create --out", error);
    }

    [Fact]
    public void TheOldSettingsOption_IsRefusedWithTheNewOne()
    {
        (int exitCode, string error) = RunFlash(withFakeNanoff: true, "--board", "esp32-devkitc", "--port", "/dev/null", "--settings", "settings.json");

        Assert.Equal(2, exitCode);
        Assert.Contains("--settings-dir", error);
    }

    [Fact]
    public void FlashPs1_UsesTheSameExitCodes()
    {
        string bash = File.ReadAllText(RepoPaths.Combine("tools/flash.sh"));
        string powershell = File.ReadAllText(RepoPaths.Combine("tools/flash.ps1"));
        (string Bash, string PowerShell)[] pairs =
        [
            ("EXIT_NO_NANOFF", "ExitNoNanoff"), ("EXIT_NO_BOARD", "ExitNoBoard"), ("EXIT_NO_PORT", "ExitNoPort"),
            ("EXIT_NO_FILE", "ExitNoFile"), ("EXIT_NOT_FLASHABLE", "ExitNotFlashable"), ("EXIT_NANOFF_FAILED", "ExitNanoffFailed"),
            ("EXIT_BAD_CONFIG", "ExitBadConfig"),
        ];

        foreach ((string bashName, string powershellName) in pairs)
        {
            string code = System.Text.RegularExpressions.Regex.Match(bash, $"readonly {bashName}=(\\d+)").Groups[1].Value;
            Assert.False(string.IsNullOrEmpty(code), bashName);
            Assert.Contains($"${powershellName} = {code}", powershell);
        }
    }

    [Fact]
    public void WithABrokenBoardConfig_PrintsTheLoadersFieldErrors_AndCallsNoNanoff()
    {
        string image = Path.Combine(_sandbox, "app.bin");
        File.WriteAllBytes(image, [1, 2, 3]);
        System.Text.Json.Nodes.JsonNode board = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("board-configs/esp32-devkitc.json")))!;
        board["ina219"]![1]!["address"] = "0x50";
        board["adc"]![0]!["channel"] = 12;
        string file = Path.Combine(_sandbox, "my-board.json");
        File.WriteAllText(file, board.ToJsonString());

        (int exitCode, string error) = RunFlash(withFakeNanoff: true, "--board", file, "--port", "/dev/null", "--image", image);

        Assert.Equal(9, exitCode);
        Assert.Contains(file + ": ina219[1].address: must be 0x40..0x4F", error);
        Assert.Contains(file + ": adc[0].channel: must be an ADC1 channel 0..7", error);
        Assert.Contains("refused by the board config loader", error);
        Assert.False(File.Exists(Path.Combine(_sandbox, "nanoff-calls.txt")), "nanoff must not run for a refused config");
    }

    [Fact]
    public void WithAJsonSyntaxError_SaysItIsOne_NotThatTheTargetIsMissing()
    {
        string file = Path.Combine(_sandbox, "cut.json");
        File.WriteAllText(file, File.ReadAllText(RepoPaths.Combine("board-configs/esp32-devkitc.json"))[..200]);

        (int exitCode, string error) = RunFlash(withFakeNanoff: true, "--board", file, "--port", "/dev/null");

        Assert.Equal(9, exitCode);
        Assert.Contains("(document): JSON syntax error: line", error);
        Assert.DoesNotContain("nanoffTarget", error);
        Assert.False(File.Exists(Path.Combine(_sandbox, "nanoff-calls.txt")));
    }

    [Fact]
    public void TheSimulatorsConfig_IsValid_ButNotFlashed()
    {
        (int exitCode, string error) = RunFlash(withFakeNanoff: true, "--board", "simulator", "--port", "/dev/null");

        Assert.Equal(7, exitCode);
        Assert.Contains("has no nanoffTarget", error);
    }

    [Fact]
    public void YourOwnBoardFile_AndABrokerCa_AreDeployed_WithTheTargetTheLoaderRead()
    {
        string image = Path.Combine(_sandbox, "app.bin");
        File.WriteAllBytes(image, [1, 2, 3]);
        string file = Path.Combine(_sandbox, "own.json");
        File.Copy(RepoPaths.Combine("board-configs/esp32-s3-devkitc-1.json"), file);
        string ca = Path.Combine(_sandbox, "broker-ca.pem");
        File.WriteAllText(ca, "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");

        (int exitCode, string error) = RunFlash(withFakeNanoff: true, "--board", file, "--port", "/dev/null", "--image", image, "--ca-cert", ca);

        Assert.True(exitCode == 0, error);
        string[] calls = File.ReadAllLines(Path.Combine(_sandbox, "nanoff-calls.txt"));
        string expectedTarget = EdgeController.Core.Config.BoardConfigLoader.Load(File.ReadAllText(file)).Config.NanoffTarget;
        Assert.Equal($"--update --target {expectedTarget} --serialport /dev/null", calls[0]);
        string deployment = File.ReadAllText(Path.Combine(_sandbox, "deployment.json"));
        Assert.Contains("\"DestinationFilePath\": \"I:\\\\broker-ca.pem\"", deployment);
        Assert.Contains(ca, deployment);
    }

    public void Dispose() => Directory.Delete(_sandbox, recursive: true);

    private (int ExitCode, string Error) RunFlash(bool withFakeNanoff, params string[] arguments)
    {
        string bin = Path.Combine(_sandbox, "bin");
        Directory.CreateDirectory(bin);
        if (withFakeNanoff)
        {
            string fake = Path.Combine(bin, "nanoff");
            File.WriteAllText(fake, "#!/usr/bin/env bash\n"
                + $"echo \"$*\" >> '{_sandbox}/nanoff-calls.txt'\n"
                + $"if [[ \"$1\" == --filedeployment ]]; then cp \"$2\" '{_sandbox}/deployment.json'; fi\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        ProcessStartInfo start = new("bash") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(RepoPaths.Combine("tools/flash.sh"));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Only the sandbox and the system folders: no real nanoff (e.g. ~/.dotnet/tools) can be found.
        start.Environment["PATH"] = bin + ":/usr/bin:/bin";
        // The board config check the script runs first: ec-provision, built beside this test.
        start.Environment["EC_PROVISION"] = Path.Combine(AppContext.BaseDirectory, "ec-provision");
        using Process process = Process.Start(start)!;
        string error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, error);
    }
}
