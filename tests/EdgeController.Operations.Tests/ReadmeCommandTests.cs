using System.Diagnostics;
using System.Net.Http;

namespace EdgeController.Operations.Tests;

/// <summary>
/// Runs the README's command lines as written, in order, in a fresh folder: `dotnet run
/// --project tools/X --` and `ec-sim`/`ec-gateway`/`ec-provision` run the tools built beside
/// this test (the same programs tools/install.sh packs; the install itself is checked by
/// <see cref="InstallScript_InstallsTheThreeCommands"/>). `dotnet test EdgeController.sln` is the
/// command running this test and is only checked to be there; `serve` runs until its page answers
/// (on a free port instead of 8080, which another program may hold).
/// </summary>
public sealed class ReadmeCommandTests : IDisposable
{
    private static readonly Dictionary<string, string> s_toolOfProject = new(StringComparer.Ordinal)
    {
        ["tools/EdgeController.Simulator"] = "ec-sim",
        ["tools/EdgeController.Gateway"] = "ec-gateway",
        ["tools/EdgeController.Provision"] = "ec-provision",
    };

    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void OpensWithTheTwoSetUpCommandsThenTheTitle()
    {
        string text = ReadmeCommands.Text;
        Assert.StartsWith("```sh\n", text);
        IReadOnlyList<string> first = ReadmeCommands.Blocks(text)[0];
        Assert.Equal(
            ["dotnet run --project tools/EdgeController.Simulator -- --devices 3 --duration 10m --ledger site.db", "dotnet test EdgeController.sln"],
            first);
        int title = text.IndexOf("\n# EdgeController\n", StringComparison.Ordinal);
        Assert.True(title > 0 && title < text.IndexOf("\n## ", StringComparison.Ordinal), "the title follows the two commands");
        Assert.InRange(text.Split('\n').Length, 60, 130);
    }

    [Fact]
    public async Task EveryCommandLineRunsAsWritten()
    {
        List<string> ran = [];
        foreach (string line in ReadmeCommands.Blocks(ReadmeCommands.Text).SelectMany(block => block))
        {
            string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (line == "dotnet test EdgeController.sln" || line == "bash tools/install.sh")
            {
                continue; // this test's own run; the install has its own test
            }

            (string tool, string[] arguments) = Resolve(words, line);
            if (tool == "ec-gateway" && arguments[0] == "serve")
            {
                await ServeAnswersAsync(arguments);
            }
            else
            {
                (int exitCode, string output) = RunInFolder(Dll(tool), arguments);
                Assert.True(exitCode == 0, $"`{line}` exited {exitCode}: {output}");
            }

            ran.Add(line);
        }

        Assert.Contains(ran, line => line.StartsWith("ec-gateway serve", StringComparison.Ordinal));
        Assert.True(new FileInfo(_folder.File("report.png")).Length > 1000, "report --png drew its chart");
        Assert.True(File.Exists(_folder.File("site.keys.json")));
    }

    [Fact]
    public async Task InstallScript_InstallsTheThreeCommands()
    {
        // Packing three tools takes a minute or more: CI always runs it, a developer with EC_TEST_INSTALL=1.
        if (!ExternalProcess.OnCi && Environment.GetEnvironmentVariable("EC_TEST_INSTALL") != "1")
        {
            return;
        }

        string toolPath = _folder.File("tools");
        ProcessStartInfo start = new("bash") { WorkingDirectory = ReadmeCommands.RepositoryRoot, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { "tools/install.sh", "--tool-path", toolPath })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["EC_TOOL_FEED"] = _folder.File("feed");
        using Process install = Process.Start(start)!;
        Task<string> error = install.StandardError.ReadToEndAsync();
        string output = await install.StandardOutput.ReadToEndAsync();
        Assert.True(install.WaitForExit(TimeSpan.FromMinutes(8)), "install.sh did not finish");
        string errorText = await error;
        Assert.True(install.ExitCode == 0, $"install.sh: {errorText}");
        Assert.Contains("installed ec-sim, ec-gateway, ec-provision", output);
        foreach (string tool in s_toolOfProject.Values)
        {
            ExternalProcess.Result help = ExternalProcess.Run(Path.Combine(toolPath, tool), ["--help"], TimeSpan.FromMinutes(1));
            Assert.True(help.ExitCode == 0, $"{tool} --help: {help.Error}");
        }
    }

    private (string Tool, string[] Arguments) Resolve(string[] words, string line)
    {
        if (words.Length > 4 && words[0] == "dotnet" && words[1] == "run" && words[2] == "--project" && words[4] == "--"
            && s_toolOfProject.TryGetValue(words[3], out string? tool))
        {
            return (tool, words[5..]);
        }

        Assert.True(s_toolOfProject.ContainsValue(words[0]), $"README line `{line}` is not a command this test knows how to run");
        return (words[0], words[1..]);
    }

    /// <summary>Runs a tool in the test's folder, as a user would from theirs; returns the exit code and everything it wrote.</summary>
    private (int ExitCode, string Output) RunInFolder(string dll, string[] arguments)
    {
        ProcessStartInfo start = new("dotnet") { WorkingDirectory = _folder.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{dll} did not finish within 5 minutes");
        }

        return (process.ExitCode, error.Result + output.Result);
    }

    private static string Dll(string tool) => Path.Combine(AppContext.BaseDirectory, tool + ".dll");

    private async Task ServeAnswersAsync(string[] arguments)
    {
        int port = EdgeController.Simulator.InProcessBroker.FreeLoopbackPort();
        string[] adjusted = arguments[1..].Select(argument => argument == "127.0.0.1:8080" ? $"127.0.0.1:{port}" : argument).ToArray();
        Assert.Contains($"127.0.0.1:{port}", adjusted);
        string[] withFolder = adjusted.Select(argument => argument == "site.db" ? _folder.File("site.db") : argument).ToArray();
        using ServeProcess serve = ServeProcess.Start(withFolder);
        using HttpClient http = new();
        Assert.Contains("EdgeController site", await http.GetStringAsync(serve.Url));
        Assert.Contains("\"sim-001\"", await http.GetStringAsync(serve.Url + "api/site"));
    }
}
