using EdgeController.Ledger;
using EdgeController.Simulator;
using Microsoft.Data.Sqlite;

namespace EdgeController.Gateway.Tests;

/// <summary>Simulated devices -> a real broker socket -> the gateway -> the SQLite ledger -> verify.</summary>
public sealed class EndToEndTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private SimulationOptions Options(BrokerAddress? broker = null) => new()
    {
        Devices = 3,
        Duration = TimeSpan.FromMinutes(10),
        LedgerPath = _folder.File("site.db"),
        KeysPath = _folder.File("site.keys.json"),
        DeviceStateFolder = _folder.File("devices"),
        Broker = broker,
    };

    [Fact]
    public async Task BuiltInBroker_EveryReadingReachesTheLedger_AndTheChainVerifies()
    {
        SimulationSummary summary = await SimulationRun.RunAsync(Options(), CancellationToken.None);

        Assert.True(summary.GatewayCaughtUp);
        Assert.Equal(180, summary.Accepted);
        Assert.Equal(0, summary.Rejected);
        Assert.All(summary.Devices, device => Assert.Equal(60, device.AcceptedThisRun));
        ChainVerification verification = LedgerChainVerifier.Verify(_folder.File("site.db"), KeyRegistry.Load(_folder.File("site.keys.json")));
        Assert.True(verification.IsValid, verification.Problem);
        Assert.Equal(180, verification.EntriesChecked);
        Assert.Equal(summary.LedgerHeadHashHex, Convert.ToHexStringLower(verification.HeadHash));
    }

    [Fact]
    public async Task SecondRun_ContinuesEachDevicesSeqAfterItsReboot()
    {
        await SimulationRun.RunAsync(Options() with { Devices = 1 }, CancellationToken.None);
        SimulationSummary second = await SimulationRun.RunAsync(Options() with { Devices = 1 }, CancellationToken.None);

        DeviceSummary device = Assert.Single(second.Devices);
        Assert.Equal(2, device.BootCount);
        Assert.Equal(120, device.LastSequence);
        Assert.Equal(60, device.AcceptedThisRun);
        Assert.Equal(0, second.Rejected);
        Assert.True(LedgerChainVerifier.Verify(_folder.File("site.db")).IsValid);
    }

    [Fact]
    public async Task SecondRun_TheDeviceRebootsOntoTheBatteryItLeft_AndItsRestoredEstimateMatchesIt()
    {
        // Two hours of the noon sun move the pack well away from where a new one starts.
        SimulationSummary first = await SimulationRun.RunAsync(
            Options() with { Devices = 1, Duration = TimeSpan.FromHours(2), ReportPeriod = TimeSpan.FromMinutes(1) }, CancellationToken.None);
        SimulationSummary second = await SimulationRun.RunAsync(
            Options() with { Devices = 1, Duration = TimeSpan.FromMinutes(1), ReportPeriod = TimeSpan.FromMinutes(1) }, CancellationToken.None);

        DeviceEnergySummary before = Assert.Single(first.Devices).Energy;
        DeviceEnergySummary after = Assert.Single(second.Devices).Energy;
        Assert.True(Math.Abs(before.PackSocPercent - (SimulatedPlantState.NewPackSoc * 100)) > 5, $"pack at {before.PackSocPercent:F1} %");
        Assert.InRange(after.PackSocPercent, before.PackSocPercent - 1, before.PackSocPercent + 1);
        Assert.InRange(after.EstimatedSocPercent, after.PackSocPercent - 5, after.PackSocPercent + 5);
        Assert.Equal("none", after.ProtectionFaults);
    }

    [Fact]
    public async Task VerifyCommand_NamesTheRowWithOneChangedByte()
    {
        await SimulationRun.RunAsync(Options() with { Devices = 1, Duration = TimeSpan.FromMinutes(2) }, CancellationToken.None);
        ExternalProcess.Result intact = ExternalProcess.RunTool("ec-gateway", "verify", "--ledger", _folder.File("site.db"), "--keys", _folder.File("site.keys.json"));
        Assert.Equal(0, intact.ExitCode);
        Assert.StartsWith("OK 12 entries verified with signatures", intact.Output, StringComparison.Ordinal);

        using (SqliteConnection connection = new($"Data Source={_folder.File("site.db")};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand flip = connection.CreateCommand();
            // One byte: the last digit of the row's "ts" becomes a different digit.
            flip.CommandText = "UPDATE ledger SET raw = CAST(replace(CAST(raw AS TEXT), '0,\"tq\"', '1,\"tq\"') AS BLOB) WHERE idx = 7";
            Assert.Equal(1, flip.ExecuteNonQuery());
        }

        ExternalProcess.Result broken = ExternalProcess.RunTool("ec-gateway", "verify", "--ledger", _folder.File("site.db"));
        Assert.Equal(1, broken.ExitCode);
        Assert.StartsWith("FAIL entry idx=7:", broken.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusCommand_ListsEachDevicesSeqRange_AndRejections()
    {
        await SimulationRun.RunAsync(Options() with { Devices = 2, Duration = TimeSpan.FromMinutes(2) }, CancellationToken.None);

        ExternalProcess.Result status = ExternalProcess.RunTool("ec-gateway", "status", "--ledger", _folder.File("site.db"));

        Assert.Equal(0, status.ExitCode);
        Assert.Contains("entries=24\n", status.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("device=sim-001 entries=12 first_seq=1 last_seq=12 ", status.Output, StringComparison.Ordinal);
        Assert.Contains("gaps=0 missing=0", status.Output, StringComparison.Ordinal);
        Assert.Contains("duplicates=0", status.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportCommand_WritesCsvAndJsonLines_FilteredByDeviceAndTime()
    {
        await SimulationRun.RunAsync(Options() with { Devices = 2, Duration = TimeSpan.FromMinutes(2) }, CancellationToken.None);

        ExternalProcess.Result csv = ExternalProcess.RunTool("ec-gateway", "export", "--ledger", _folder.File("site.db"), "--device", "sim-002");
        string[] lines = csv.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(0, csv.ExitCode);
        Assert.StartsWith("idx,received_ms,hash,v,dev,boot,seq,ts,tq,per,pv_mv,", lines[0], StringComparison.Ordinal);
        Assert.Equal(13, lines.Length);
        Assert.All(lines.Skip(1), line => Assert.Contains(",sim-002,", line, StringComparison.Ordinal));

        // The simulation starts 2026-06-21 10:00 UTC with a reading every 10 s: 10:00:30 up to 10:01:00 holds 3 of each device's.
        ExternalProcess.Result jsonl = ExternalProcess.RunTool("ec-gateway", "export", "--ledger", _folder.File("site.db"), "--format", "jsonl",
            "--from", "2026-06-21T10:00:30Z", "--to", "2026-06-21T10:01:00Z");
        string[] objects = jsonl.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, objects.Length);
        using System.Text.Json.JsonDocument first = System.Text.Json.JsonDocument.Parse(objects[0]);
        Assert.Equal(1_782_036_030_000, first.RootElement.GetProperty("payload").GetProperty("ts").GetInt64());
        Assert.Equal(64, first.RootElement.GetProperty("hash").GetString()!.Length);
    }

    [Fact]
    public async Task ReportCommand_AccountsEachDevicesRegisters_AndDrawsAPng()
    {
        await SimulationRun.RunAsync(Options() with { Devices = 1, Duration = TimeSpan.FromMinutes(30) }, CancellationToken.None);
        IReadOnlyList<DailyEnergy> report = EnergyReport.Compute(_folder.File("site.db"));

        ExternalProcess.Result result = ExternalProcess.RunTool("ec-gateway", "report", "--ledger", _folder.File("site.db"), "--png", _folder.File("report.png"));

        Assert.Equal(0, result.ExitCode);
        DailyEnergy day = Assert.Single(report);
        Assert.Equal(new DateOnly(2026, 6, 21), day.Day);
        Assert.Equal(180, day.Readings);
        // Energy is the register's growth from the first reading to the last: 10:00-10:30 UTC is
        // 11:00-11:30 on the simulated site (UTC+1, board-configs/simulator.json), where its 300 W
        // of PV give roughly 220 W under passing clouds, so about 110 Wh.
        Assert.InRange(day.PvMilliwattHours, 80_000, 140_000);
        Assert.Contains($"sim-001,2026-06-21,{day.ImportMilliwattHours / 1_000_000.0:F3},", result.Output, StringComparison.Ordinal);
        byte[] png = File.ReadAllBytes(_folder.File("report.png"));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
    }

    [Fact]
    public void VerifyCommand_ExplainsAMissingLedger()
    {
        ExternalProcess.Result result = ExternalProcess.RunTool("ec-gateway", "verify", "--ledger", _folder.File("absent.db"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("does not exist", result.Error, StringComparison.Ordinal);
    }
}
