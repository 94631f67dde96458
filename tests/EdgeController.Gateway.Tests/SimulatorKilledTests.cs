using System.Diagnostics;
using Xunit.Abstractions;

namespace EdgeController.Gateway.Tests;

/// <summary>
/// The simulator keeps its fleet's flash in RAM behind one write-ahead journal
/// (hal/Simulation FlashJournal). A simulator killed with SIGKILL mid-run, with its built-in
/// gateway, must come back as a fleet of devices that lost power: nothing a device wrote is
/// lost, no seq is used twice, and what the ledger lacks is sent again from flash.
/// </summary>
public sealed class SimulatorKilledTests(ITestOutputHelper output) : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Ledger => _folder.File("site.db");

    [Fact]
    public async Task SimulatorKilledMidRun_RestartsWithEverySeqOnceInTheLedger()
    {
        using (Process killed = StartSimulator("--duration", "48h"))
        {
            Stopwatch waited = Stopwatch.StartNew();
            while (CountEntries() < 2_000)
            {
                Assert.False(killed.HasExited, "the simulator ended before it was killed");
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(90), $"the ledger reached only {CountEntries()} entries");
                await Task.Delay(20);
            }

            killed.Kill(entireProcessTree: true);
            await killed.WaitForExitAsync();
        }

        // The devices' last flash changes are in the journal, not yet in their folders.
        Assert.True(File.Exists(_folder.File("site.devices/flash.journal")), "no flash journal left by the killed run");
        long entriesAtKill = CountEntries();

        ExternalProcess.Result restarted = ExternalProcess.Run("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "ec-sim.dll"), "--devices", "4", "--duration", "1h", "--report-period", "10s", "--ledger", Ledger, "--drain", "2m"],
            TimeSpan.FromMinutes(4));
        Assert.True(restarted.ExitCode == 0, restarted.Output + restarted.Error);
        Assert.Matches(@"rejected\s+0\s", restarted.Output);
        Assert.False(File.Exists(_folder.File("site.devices/flash.journal")), "a run that ended should leave its flash in the folders");

        long entries = LedgerAssertions.AssertEverySeqOnceAndChainVerifies(Ledger, _folder.File("site.keys.json"));
        Assert.True(entries > entriesAtKill + 4 * 300, $"the second run added only {entries - entriesAtKill} entries");
        output.WriteLine($"killed at {entriesAtKill} ledger entries; after the restart {entries}, every seq once");
        output.WriteLine(restarted.Output);
    }

    private Process StartSimulator(params string[] arguments)
    {
        ProcessStartInfo start = new("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in (string[])[Path.Combine(AppContext.BaseDirectory, "ec-sim.dll"), "--devices", "4", "--report-period", "10s", "--ledger", Ledger, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        Process process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        return process;
    }

    private long CountEntries() => LedgerAssertions.CountEntries(Ledger);
}
