namespace EdgeController.Gateway.Tests;

/// <summary>
/// The simulator's help names the files it writes beside the ledger by default, and those are the
/// files a run with only --ledger writes (issue 12: help texts had named wrong default files).
/// </summary>
public sealed class SimulatorHelpDefaultsTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void TheDefaultKeyRegistryAndFlashFolder_AreTheOnesTheHelpNames()
    {
        string simulator = Path.Combine(AppContext.BaseDirectory, "ec-sim.dll");
        ExternalProcess.Result help = ExternalProcess.Run("dotnet", [simulator, "--help"], TimeSpan.FromMinutes(1));
        string helpText = string.Join(" ", help.Output.Split((char[])['\n', '\r', ' '], StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("e.g. site.db: site.keys.json", helpText, StringComparison.Ordinal);
        Assert.Contains("e.g. site.db: site.devices", helpText, StringComparison.Ordinal);

        ExternalProcess.Result run = ExternalProcess.Run("dotnet", [simulator, "--devices", "1", "--duration", "10s", "--ledger", _folder.File("site.db")], TimeSpan.FromMinutes(2));

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.True(File.Exists(_folder.File("site.keys.json")), string.Join(", ", Directory.GetFileSystemEntries(_folder.Path)));
        Assert.True(Directory.Exists(_folder.File("site.devices")), string.Join(", ", Directory.GetFileSystemEntries(_folder.Path)));
    }
}
