using System.Diagnostics;
using System.Globalization;
using System.Text;
using EdgeController.Core.Planning;
using EdgeController.Core.Telemetry;
using EdgeController.Hal;
using EdgeController.Hal.Simulation;
using EdgeController.Hal.Simulation.Mqtt;
using EdgeController.Hal.Simulation.Storage;
using EdgeController.Ledger;
using EdgeController.Simulator;

namespace EdgeController.Gateway.Tests;

/// <summary>
/// `ec-gateway tariff send --schedule` (tariff v2) through a real broker socket to a simulated
/// device booted by the composition root: the device's plan follows the schedule, and the
/// schedule is back after the device reboots.
/// </summary>
public sealed class TariffScheduleEndToEndTests : IDisposable
{
    private const string Site = "site1";
    private const string DeviceId = "dev-01";
    private const int PaidImportMicrocurrency = -300_000;

    private readonly TemporaryFolder _folder = new();
    private readonly InMemoryNonVolatileStore _flash = new();

    public void Dispose() => _folder.Dispose();

    private static SimulatedDevice Boot(InMemoryNonVolatileStore flash, int port, long unixMilliseconds, SimulatedPlant? plant)
    {
        TopicNames topics = new(Site, DeviceId);
        MqttNetLink link = new(new MqttLinkSettings
        {
            Host = "127.0.0.1",
            Port = port,
            ClientId = DeviceId,
            StatusTopic = topics.Status,
            OperationTimeoutMilliseconds = 2000,
        });
        return new SimulatedDevice(flash, link, new SimulatedClock(unixMilliseconds), seed: 1, reportPeriodMillisecondsOverride: 900_000, plant: plant);
    }

    private static SlotPlanner Optimizer(SimulatedDevice device) => device.Controller.EnergyControl.Loop.Planner.Optimizer;

    [Fact]
    public async Task ScheduleSentByTheGateway_ChangesTheDevicesPlan_AndSurvivesItsReboot()
    {
        await using InProcessBroker broker = await InProcessBroker.StartAsync();
        KeyRegistry registry = KeyRegistry.Empty();
        SimulatedProvisioning.EnsureProvisioned(_flash, registry, Site, DeviceId, "k1");
        registry.Save(_folder.File("keys.json"));

        // Midnight local (UTC+1) on 2026-01-14; a day and 21.5 h of warm-up give the forecaster
        // a full day, and the evening's price (0.20 until midnight, 0.10 from then) gives no
        // reason to charge from the grid.
        long midnightLocal = new DateTimeOffset(2026, 1, 14, 0, 0, 0, TimeSpan.FromHours(1)).ToUnixTimeMilliseconds();
        SimulatedDevice device = Boot(_flash, broker.Port, midnightLocal, plant: null);
        for (int step = 0; step < (24 + 21.5) * 360; step++)
        {
            device.Step(10_000);
        }

        Assert.True(Optimizer(device).PassesCompleted > 0, "the slot optimiser plans");
        int before = Optimizer(device).PreferredBatteryDischargeMilliwatts;
        Assert.True(before >= 0, $"{before} mW: no grid charging at 0.20 before the schedule");

        // Two hours paid for importing, then 0.25: the plan charges now.
        long now = device.Clock.UnixTimeMilliseconds;
        DateTimeOffset slotStart = DateTimeOffset.FromUnixTimeMilliseconds(now - (now % 900_000));
        StringBuilder csv = new("time,import_price,export_price\n");
        for (int k = 0; k < 96; k++)
        {
            decimal import = k < 8 ? PaidImportMicrocurrency / 1e6m : 0.25m;
            csv.Append(CultureInfo.InvariantCulture, $"{slotStart.AddMinutes(15 * k):yyyy-MM-ddTHH:mm:ssZ},{import},0.05\n");
        }

        File.WriteAllText(_folder.File("prices.csv"), csv.ToString());
        ExternalProcess.Result sent = ExternalProcess.RunTool("ec-gateway", "tariff", "send", "--broker", $"127.0.0.1:{broker.Port}",
            "--ledger", _folder.File("site.db"), "--keys", _folder.File("keys.json"), "--site", Site, "--device", DeviceId,
            "--schedule", _folder.File("prices.csv"));
        Assert.True(sent.ExitCode == 0, sent.Error);
        Assert.Contains("version=2", sent.Output, StringComparison.Ordinal);

        Stopwatch waited = Stopwatch.StartNew();
        while (device.Tariff.StepMinutes != 15 && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            device.Step(1000);
            await Task.Delay(10);
        }

        for (int tick = 0; tick < 20; tick++)
        {
            device.Step(1000);
        }

        long cmdseq = device.Tariff.CommandSequence;
        Assert.Equal(cmdseq, device.Commands!.LastAppliedSequence);
        Assert.Equal(PaidImportMicrocurrency, Optimizer(device).Prices.ImportAt(0));
        Assert.True(Optimizer(device).PreferredBatteryDischargeMilliwatts < 0, $"{Optimizer(device).PreferredBatteryDischargeMilliwatts} mW: charging while import pays");

        // Power cycle: RAM gone, flash kept, the same site and time.
        SimulatedPlant plant = device.Plant;
        long rebootAt = device.Clock.UnixTimeMilliseconds;
        device.Dispose();
        SimulatedDevice rebooted = Boot(_flash, broker.Port, rebootAt, plant);
        for (int tick = 0; tick < 3; tick++)
        {
            rebooted.Step(1000);
        }

        Assert.Equal(cmdseq, rebooted.Commands!.LastAppliedSequence);
        Assert.Equal(15, rebooted.Tariff.StepMinutes);
        Assert.Equal(PaidImportMicrocurrency, Optimizer(rebooted).Prices.ImportAt(0));
        int localHour = (int)((((rebootAt / 60_000) + 60) / 60) % 24);
        Assert.Equal(PaidImportMicrocurrency, rebooted.Controller.EnergyControl.Loop.Tariff.ImportPriceAt(localHour));
        rebooted.Dispose();
    }
}
