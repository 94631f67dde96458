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

            TimelineProfile profile = RunTimeline(options, devices, gatewayClock, cancellationToken);
            foreach (SimulatedDevice device in devices)
            {
                device.Flush();
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
                caughtUp,
                profile);
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
        int seed = options.Seed + index;
        // The root opens the link from the device's settings and its supervisor connects it, as on the ESP32.
        return new SimulatedDevice(new TimedNonVolatileStore(DeviceFlash(options, deviceId)), new MqttNetLinkFactory(broker.Host, broker.Port), clock, seed,
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
    /// <remarks>Written through to the OS without an fsync per write: see <see cref="FolderNonVolatileStore(string, bool)"/>.</remarks>
    public static FolderNonVolatileStore DeviceFlash(SimulationOptions options, string deviceId) => new(DeviceFolder(options, deviceId), flushToDisk: false);

    private static string DeviceFolder(SimulationOptions options, string deviceId) => Path.Combine(options.DeviceStateFolder, deviceId);

    /// <summary>Simulated time the workers run apart before they meet (and the gateway's clock moves on).</summary>
    private const int SyncMilliseconds = 10_000;

    /// <summary>
    /// Runs every device's loop over the duration. Devices share nothing but the broker, so they
    /// run on a few dedicated threads, each owning a slice of the fleet: a publish blocks on its
    /// PUBACK as on the ESP32, and several threads keep several in flight. The threads meet every
    /// <see cref="SyncMilliseconds"/> of simulated time, when the gateway's clock moves on, so
    /// no device runs far ahead of the others or of the gateway's received_ms.
    /// </summary>
    private static TimelineProfile RunTimeline(SimulationOptions options, List<SimulatedDevice> devices, SimulatedClock gatewayClock, CancellationToken cancellationToken)
    {
        int tickMilliseconds = (int)options.Tick.TotalMilliseconds;
        long steps = (long)(options.Duration.TotalMilliseconds / tickMilliseconds);
        int stepsPerSync = Math.Max(1, SyncMilliseconds / tickMilliseconds);
        int workers = Math.Min(devices.Count, WorkerThreads);
        TimelineProfile profile = new();
        using Barrier meet = new(workers, _ => gatewayClock.Advance((long)stepsPerSync * tickMilliseconds));
        Thread[] threads = new Thread[workers];
        for (int w = 0; w < workers; w++)
        {
            SimulatedDevice[] slice = devices.Where((_, i) => i % workers == w).ToArray();
            threads[w] = new Thread(() =>
            {
                for (long step = 0; step < steps; step += stepsPerSync)
                {
                    long end = Math.Min(steps, step + stepsPerSync);
                    for (long s = step; s < end && !cancellationToken.IsCancellationRequested; s++)
                    {
                        foreach (SimulatedDevice device in slice)
                        {
                            profile.Step(device, tickMilliseconds);
                        }
                    }

                    meet.SignalAndWait(CancellationToken.None);
                }
            }) { IsBackground = true, Name = $"sim-worker-{w}" };
        }

        profile.Start();
        foreach (Thread thread in threads)
        {
            thread.Start();
        }

        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        profile.Stop();
        return profile;
    }

    /// <summary>Loop threads: enough to keep publishes in flight while others wait on their PUBACK, few enough for two cores.</summary>
    private static int WorkerThreads => Math.Max(2, 4 * Environment.ProcessorCount);

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
