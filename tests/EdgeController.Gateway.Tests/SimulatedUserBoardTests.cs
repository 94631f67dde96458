using System.Text;
using System.Text.Json;
using EdgeController.Core.Config;
using EdgeController.Core.Telemetry;
using EdgeController.Hal.Simulation;
using EdgeController.Hal.Simulation.Storage;
using EdgeController.Ledger;
using EdgeController.Simulator;

namespace EdgeController.Gateway.Tests;

/// <summary>`ec-sim --board FILE`: a user's own board, checked by the firmware's loader, is what the simulated hardware and the firmware both follow.</summary>
public sealed class SimulatedUserBoardTests : IDisposable
{
    private const long NoonUnixMilliseconds = 1_782_036_000_000;
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>The DevKitC board with three measurement points (no load meter), 1 mΩ shunts and an 8-cell pack.</summary>
    private string UserBoard()
    {
        string text = File.ReadAllText(Path.Combine(RepositoryRoot(), "board-configs", "esp32-devkitc.json"));
        text = text.Replace("    { \"key\": \"load\", \"address\": \"0x41\", \"shuntMilliohms\": 2, \"maxCurrentMilliamps\": 40000, \"busVoltageRangeVolts\": 16, \"forward\": \"consumption\" },\n", "", StringComparison.Ordinal)
            .Replace("\"shuntMilliohms\": 2", "\"shuntMilliohms\": 1", StringComparison.Ordinal)
            .Replace("\"cells\": 4", "\"cells\": 8", StringComparison.Ordinal);
        string path = _folder.File("my-board.json");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void AUsersBoard_DrivesTheSimulatedChips_ThePack_AndTheReadings()
    {
        Assert.True(SimulatedBoard.TryLoad(UserBoard(), out BoardConfig? board, out string[] errors), string.Join("; ", errors));
        InMemoryNonVolatileStore flash = new();
        SimulatedProvisioning.EnsureProvisioned(flash, KeyRegistry.Empty(), "site1", "dev-01", "k1");
        using SimulatedDevice device = new(flash, new OfflineMqttLink(), new SimulatedClock(NoonUnixMilliseconds), seed: 1,
            plant: new SimulatedPlant(1, board: board));
        for (int second = 0; second < 30; second++)
        {
            device.Step(1000);
        }

        Assert.Equal(["pv", "grid", "bat"], device.Controller.Channels.Select(channel => channel.Key));
        Assert.InRange(device.Plant.Pack.TerminalVolts, 20, 30); // 8 LiFePO4 cells, not the simulator's 4
        Assert.InRange(device.Controller.Channels[2].BusMillivolts, 20_000, 30_000);
        byte[] buffer = new byte[1024];
        int length = device.Outbox.PeekOldest(buffer, out MessageKind _);
        string message = Encoding.ASCII.GetString(buffer, 0, length);
        JsonElement reading = JsonDocument.Parse(message[(message.IndexOf('|') + 1)..message.LastIndexOf('|')]).RootElement;
        Assert.True(reading.TryGetProperty("grid_mw", out _));
        Assert.False(reading.TryGetProperty("load_mw", out _));
    }

    [Fact]
    public void Simulator_RefusesABrokenBoard_WithTheLoadersFieldErrors()
    {
        string broken = _folder.File("broken.json");
        File.WriteAllText(broken, File.ReadAllText(UserBoard()).Replace("\"0x44\"", "\"0x99\"", StringComparison.Ordinal));

        ExternalProcess.Result result = ExternalProcess.RunTool("ec-sim", "--board", broken, "--devices", "1", "--duration", "1m", "--ledger", _folder.File("x.db"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("ina219[1].address: must be 0x40..0x4F", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_folder.File("x.db")));
    }

    [Fact]
    public void Simulator_RunsAUsersBoard_ThroughTheBrokerAndTheGateway()
    {
        ExternalProcess.Result result = ExternalProcess.RunTool("ec-sim", "--board", UserBoard(), "--devices", "2", "--duration", "5m", "--ledger", _folder.File("site.db"));

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Equal(60, LedgerChainVerifier.Verify(_folder.File("site.db"), KeyRegistry.Load(_folder.File("site.keys.json"))).EntriesChecked);
    }

    private static string RepositoryRoot()
    {
        DirectoryInfo? folder = new(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "EdgeController.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("EdgeController.sln not found above the test's folder");
    }
}
