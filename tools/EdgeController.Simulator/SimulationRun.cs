using System.Diagnostics;
using EdgeController.Core;
using EdgeController.Core.Control;
using EdgeController.Core.Telemetry;
using EdgeController.Hal.Simulation;
using EdgeController.Hal.Simulation.Mqtt;
using EdgeController.Hal.Simulation.Storage;
using EdgeController.Ledger;

namespace EdgeController.Simulator;

/// <summary>
/// One run of the simulator: a broker (built in, or external), the gateway's ledger ingest over
/// MQTT, and N devices on a shared simulated timeline, stepped as fast as the machine allows.
/// </summary>
public static class SimulationRun
{
    /// <summary>The key id the simulator provisions.</summary>
    public const string KeyId = "k1";

    /// <summary>Device id of the i-th device (from 1).</summary>
    public static string DeviceId(int number) => $"sim-{number:D3}";

    /// <summary>Runs the simulation and returns what happened.</summary>
    public static async Task<SimulationSummary> RunAsync(SimulationOptions options, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Devices, 1);
        Stopwatch wallTime = Stopwatch.StartNew();
        await using InProcessBroker? builtInBroker = options.Broker is null ? await InProcessBroker.StartAsync() : null;
        BrokerAddress broker = options.Broker ?? new BrokerAddress("127.0.0.1", builtInBroker!.Port);

        KeyRegistry registry = File.Exists(options.KeysPath) ? KeyRegistry.Load(options.KeysPath) : KeyRegistry.Empty();
        string[] deviceIds = Enumerable.Range(1, options.Devices).Select(DeviceId).ToArray();
        foreach (string deviceId in deviceIds)
        {
            SimulatedProvisioning.EnsureProvisioned(DeviceFlash(options, deviceId), registry, options.Site, deviceId, KeyId);
        }

        registry.Save(options.KeysPath);

        // The gateway's clock follows the simulated timeline, so received_ms lines up with the readings' ts.
        SimulatedClock gatewayClock = new(options.Start.ToUnixTimeMilliseconds());
        using LedgerDatabase ledger = LedgerDatabase.Open(options.LedgerPath);
        IReadOnlyDictionary<string, long> entriesBefore = ledger.EntryCountsByDevice();
        LedgerIngestor ingestor = new(registry, ledger, () => gatewayClock.UnixTimeMilliseconds);
        await using MqttLedgerSubscriber subscriber = new(ingestor, broker.Host, broker.Port, options.Site, $"ec-gateway-{options.Site}");
        await subscriber.StartAsync(cancellationToken);
        using CancellationTokenSource stopGateway = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task gatewayLoop = subscriber.RunAsync(stopGateway.Token);

        List<SimulatedDevice> devices = [];
        try
        {
            for (int i = 0; i < deviceIds.Length; i++)
            {
                devices.Add(CreateDevice(options, broker, deviceIds[i], i));
            }

            RunTimeline(options, devices, gatewayClock, cancellationToken);
            foreach (SimulatedDevice device in devices)
            {
                device.Flush();
                device.Controller.PersistState();
                SimulatedPlantState.Save(DeviceFolder(options, device.Identity.DeviceId), device.Plant);
            }

            long sent = devices.Sum(device => device.ReadingsPublished);
            bool caughtUp = await WaitForGatewayAsync(ingestor, sent, options.DrainTimeout, cancellationToken);
            ledger.FlushWriteAheadLog();
            IReadOnlyDictionary<string, long> entriesAfter = ledger.EntryCountsByDevice();
            IngestCounters counters = ingestor.Counters;
            return new SimulationSummary(
                devices.Select(device => new DeviceSummary(
                    device.Identity.DeviceId,
                    device.Controller.BootCount,
                    device.ReadingsPublished,
                    device.ReadingsQueued,
                    device.ReadingsDropped,
                    entriesAfter.GetValueOrDefault(device.Identity.DeviceId) - entriesBefore.GetValueOrDefault(device.Identity.DeviceId),
                    device.Controller.LastSequence,
                    EnergyOf(device))).ToList(),
                counters.Received,
                counters.Accepted,
                counters.Duplicates,
                counters.Rejected,
                ledger.LastIndex,
                Convert.ToHexStringLower(ledger.LastHash),
                builtInBroker is null ? $"external {broker}" : $"built-in {broker}",
                wallTime.Elapsed,
                caughtUp);
        }
        finally
        {
            foreach (SimulatedDevice device in devices)
            {
                device.Dispose();
            }

            await stopGateway.CancelAsync();
            await gatewayLoop;
        }
    }

    private static SimulatedDevice CreateDevice(SimulationOptions options, BrokerAddress broker, string deviceId, int index)
    {
        SimulatedClock clock = new(options.Start.ToUnixTimeMilliseconds());
        TopicNames topics = new(options.Site, deviceId);
        MqttNetLink link = new(broker.Host, broker.Port, deviceId, topics.Status);
        if (!link.Connect())
        {
            link.Dispose();
            throw new InvalidOperationException($"device {deviceId} cannot connect to the broker at {broker}");
        }

        int seed = options.Seed + index;
        return new SimulatedDevice(DeviceFlash(options, deviceId), link, clock, seed,
            reportPeriodMillisecondsOverride: (int)options.ReportPeriod.TotalMilliseconds,
            plant: SimulatedPlantState.Load(DeviceFolder(options, deviceId), seed));
    }

    private static DeviceEnergySummary EnergyOf(SimulatedDevice device)
    {
        SiteControl energy = device.Controller.EnergyControl!;
        return new DeviceEnergySummary(
            energy.Loop.Soc.SocPerMille / 10.0,
            device.Plant.Pack.Soc * 100,
            device.Plant.GridImportWattHours,
            device.Plant.GridExportWattHours,
            device.Plant.CurtailedWattHours,
            ProtectionEventReporter.Names(energy.ProtectionFaults));
    }

    /// <summary>The folder that is a device's flash.</summary>
    public static FolderNonVolatileStore DeviceFlash(SimulationOptions options, string deviceId) => new(DeviceFolder(options, deviceId));

    private static string DeviceFolder(SimulationOptions options, string deviceId) => Path.Combine(options.DeviceStateFolder, deviceId);

    private static void RunTimeline(SimulationOptions options, List<SimulatedDevice> devices, SimulatedClock gatewayClock, CancellationToken cancellationToken)
    {
        int tickMilliseconds = (int)options.Tick.TotalMilliseconds;
        long steps = (long)(options.Duration.TotalMilliseconds / tickMilliseconds);
        using SimulationProgress progress = SimulationProgress.Start(steps, options.Duration); // issue 15: a bar on a terminal only
        for (long step = 0; step < steps && !cancellationToken.IsCancellationRequested; step++)
        {
            progress.Report(step);
            gatewayClock.Advance(tickMilliseconds);
            foreach (SimulatedDevice device in devices)
            {
                device.Step(tickMilliseconds);
            }
        }
    }

    private static async Task<bool> WaitForGatewayAsync(LedgerIngestor ingestor, long sent, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Stopwatch waited = Stopwatch.StartNew();
        // Received is counted as a message arrives, before its append commits: wait until every
        // received message is also decided, or the summary's ledger counts can miss the last one.
        while (ingestor.Counters.Received < sent
            || ingestor.Counters.Accepted + ingestor.Counters.Duplicates + ingestor.Counters.Rejected < ingestor.Counters.Received)
        {
            if (waited.Elapsed > timeout || cancellationToken.IsCancellationRequested)
            {
                return false;
            }

            await Task.Delay(20, CancellationToken.None);
        }

        return true;
    }
}
