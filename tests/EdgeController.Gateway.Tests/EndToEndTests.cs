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
    public void VerifyCommand_ExplainsAMissingLedger()
    {
        ExternalProcess.Result result = ExternalProcess.RunTool("ec-gateway", "verify", "--ledger", _folder.File("absent.db"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("does not exist", result.Error, StringComparison.Ordinal);
    }
}
