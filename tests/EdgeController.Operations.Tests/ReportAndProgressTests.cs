using System.Diagnostics;
using EdgeController.Ledger;

namespace EdgeController.Operations.Tests;

/// <summary>The report's day accounting behind the chart, and the simulator's silence on a pipe.</summary>
public sealed class ReportAndProgressTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Report_MarksADayTheReadingsDoNotCover_AndTakesTheLoadFromItsRegister()
    {
        string path = _folder.File("site.db");
        using (LedgerDatabase ledger = LedgerDatabase.Open(path))
        {
            LedgerIngestor ingestor = new(SiteReadings.Registry(), ledger, () => SiteReadings.StartMilliseconds);
            for (int seq = 1; seq <= 4; seq++)
            {
                Assert.Equal(AppendOutcome.Appended, ingestor.Ingest(SiteReadings.Topic("dev-a"), SiteReadings.Reading("dev-a", seq, socPermille: 500)));
            }
        }

        DailyEnergy day = Assert.Single(EnergyReport.Compute(path));
        Assert.True(day.IsPartial, "40 s from 10:00 is not a whole day");
        Assert.Equal(3 * 600, day.LoadMilliwattHours); // load_fwd_mwh grows 600 a reading
        Assert.Equal(SiteReadings.StartMilliseconds + 10_000, day.FirstReadingMilliseconds);
        Assert.Equal(SiteReadings.StartMilliseconds + 40_000, day.LastReadingMilliseconds);

        DailyEnergy whole = day with { FirstReadingMilliseconds = SiteReadings.StartMilliseconds - (10 * 3_600_000), LastReadingMilliseconds = SiteReadings.StartMilliseconds + (13 * 3_600_000) + (59 * 60_000) };
        Assert.False(whole.IsPartial);
    }

    [Fact]
    public async Task Simulator_WritesNoProgressWhenItsOutputIsNotATerminal()
    {
        // Paced to 3 s of wall time, past the bar's 2 s threshold however fast the machine is (an
        // unpaced 6 h came in under 2 s once the fleet's flash moved into RAM).
        ProcessStartInfo start = new("dotnet") { WorkingDirectory = _folder.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { Path.Combine(AppContext.BaseDirectory, "ec-sim.dll"), "--devices", "1", "--duration", "2h", "--pace", "2400", "--ledger", "site.db" })
        {
            start.ArgumentList.Add(argument);
        }

        Stopwatch wall = Stopwatch.StartNew();
        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = await process.StandardOutput.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)));
        Assert.Equal(0, process.ExitCode);
        Assert.True(wall.Elapsed > TimeSpan.FromSeconds(2), $"the run took only {wall.Elapsed}: it did not test the threshold");
        Assert.DoesNotContain("simulating", output + await error);
        Assert.DoesNotContain('\u001b', output);
        Assert.Contains("ledger head hash", output);
    }
}
