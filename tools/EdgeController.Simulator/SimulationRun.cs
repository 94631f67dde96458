using System.Diagnostics;
using EdgeController.Core;
using EdgeController.Core.Control;
using EdgeController.Core.Telemetry;
using EdgeController.Hal.Simulation;
using EdgeController.Hal.Simulation.Mqtt;
using EdgeController.Hal.Simulation.Storage;
using EdgeController.Ledger;
using EdgeController.Ledger.Market;
using EdgeController.Simulator.Tariffs;

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
        if (!options.RunGateway && options.Broker is null)
        {
            throw new InvalidOperationException("--no-gateway needs --broker: the devices publish to the broker the gateway process reads");
        }

        if (!options.RunGateway && options.DayAhead)
        {
            throw new InvalidOperationException("--day-ahead is the built-in gateway's: with --no-gateway, `ec-gateway tariff send --schedule` publishes the prices");
        }

        Stopwatch wallTime = Stopwatch.StartNew();
        await using InProcessBroker? builtInBroker = options.Broker is null ? await InProcessBroker.StartAsync() : null;
        BrokerAddress broker = options.Broker ?? new BrokerAddress("127.0.0.1", builtInBroker!.Port);

        // Every device's flash, in RAM behind one write-ahead journal (replaying a killed run's first).
        using FlashJournal flash = FlashJournal.Open(options.DeviceStateFolder);
        KeyRegistry registry = File.Exists(options.KeysPath) ? KeyRegistry.Load(options.KeysPath) : KeyRegistry.Empty();
        string[] deviceIds = Enumerable.Range(1, options.Devices).Select(DeviceId).ToArray();
        // --market: a community of differing prosumers, and the gateway's market settings for it.
        CommunityMember[]? community = options.Market ? Enumerable.Range(0, options.Devices).Select(CommunityGenerator.Member).ToArray() : null;
        if (community is not null)
        {
            File.WriteAllText(options.MarketSettingsFile, CommunityGenerator.MarketSettings(deviceIds, community));
        }

        foreach (string deviceId in deviceIds)
        {
            SimulatedProvisioning.EnsureProvisioned(flash.StoreFor(deviceId), registry, options.Site, deviceId, KeyId);
        }

        registry.Save(options.KeysPath);
        SimulatedClock gatewayClock = new(options.Start.ToUnixTimeMilliseconds());
        await using BuiltInGateway? gateway = options.RunGateway ? await BuiltInGateway.StartAsync(options, registry, broker, gatewayClock, cancellationToken) : null;

        List<SimulatedDevice> devices = [];
        try
        {
            for (int i = 0; i < deviceIds.Length; i++)
            {
                devices.Add(CreateDevice(options, broker, flash.StoreFor(deviceIds[i]), deviceIds[i], i, community?[i]));
            }

            if (options.DayAhead)
            {
                gateway!.StartDayAhead(options, registry, deviceIds);
            }

            Action? atMeeting = gateway is null || (gateway.Market is null && gateway.DayAhead is null) ? null : () =>
            {
                gateway.MarketTick(devices.Sum(device => device.App.Publisher.PublishedCount));
                gateway.DayAheadTick();
            };
            TimelineProfile profile = SimulationTimeline.Run(options, devices, gatewayClock, cancellationToken, atMeeting);
            bool ranDuration = !cancellationToken.IsCancellationRequested;
            bool drained = options.Drain is not TimeSpan drain || SimulationTimeline.Drain(options, devices, gatewayClock, drain, cancellationToken);
            foreach (SimulatedDevice device in devices)
            {
                device.Flush();
                SimulatedPlantState.Save(DeviceFolder(options, device.Identity.DeviceId), device.Plant);
            }

            long sent = devices.Sum(device => device.ReadingsPublished);
            bool caughtUp = gateway is null || await gateway.WaitForAsync(sent, options.DrainTimeout, cancellationToken);
            gateway?.Ledger.FlushWriteAheadLog();
            MarketRunSummary? market = options.Market && gateway is not null ? MarketRunSummary.FromLedger(options.LedgerPath) : null;
            IReadOnlyDictionary<string, long> entriesAfter = gateway?.Ledger.EntryCountsByDevice() ?? new Dictionary<string, long>();
            IngestCounters? counters = gateway?.Ingestor.Counters;
            return new SimulationSummary(
                devices.Select(device => new DeviceSummary(
                    device.Identity.DeviceId,
                    device.Controller.BootCount,
                    device.ReadingsPublished,
                    device.ReadingsQueued,
                    device.ReadingsDropped,
                    entriesAfter.GetValueOrDefault(device.Identity.DeviceId) - (gateway?.EntriesBefore.GetValueOrDefault(device.Identity.DeviceId) ?? 0),
                    device.Controller.LastSequence,
                    EnergyOf(device)) {
                        Resent = device.Outbox.ResentCount,
                        OrdersPosted = device.App.Market?.Publisher.Published ?? 0,
                        AwardsApplied = device.Commands?.Awards?.AppliedCount ?? 0,
                        TariffCommandSequence = device.App.Tariff.CommandSequence,
                    }).ToList(),
                counters?.Received ?? 0,
                counters?.Accepted ?? 0,
                counters?.Duplicates ?? 0,
                counters?.Rejected ?? 0,
                gateway?.Ledger.LastIndex ?? 0,
                gateway is null ? "" : Convert.ToHexStringLower(gateway.Ledger.LastHash),
                builtInBroker is null ? $"external {broker}" : $"built-in {broker}",
                wallTime.Elapsed,
                caughtUp,
                profile)
            {
                RanGateway = gateway is not null,
                Market = market,
                DayAhead = gateway?.DayAhead is DayAheadTariffPublisher dayAhead
                    ? new DayAheadSummary(dayAhead.Publications, dayAhead.SchedulesSent, dayAhead.SchedulesFailed,
                        devices.Count(device => device.App.Tariff.CommandSequence == dayAhead.LastCommandSequenceOf(device.Identity.DeviceId) && device.App.Tariff.CommandSequence > 0))
                    : null,
                Community = community,
                RanDuration = ranDuration,
                Drained = drained,
            };
        }
        finally
        {
            foreach (SimulatedDevice device in devices)
            {
                device.Dispose();
            }
        }
    }

    private static SimulatedDevice CreateDevice(SimulationOptions options, BrokerAddress broker, JournaledNonVolatileStore flash, string deviceId, int index, CommunityMember? member)
    {
        SimulatedClock clock = new(options.Start.ToUnixTimeMilliseconds());
        int seed = options.Seed + index;
        // The root opens the link from the device's settings and its supervisor connects it, as on the ESP32.
        return new SimulatedDevice(new TimedNonVolatileStore(flash), new MqttNetLinkFactory(broker.Host, broker.Port), clock, seed,
            reportPeriodMillisecondsOverride: (int)options.ReportPeriod.TotalMilliseconds,
            plant: member is null
                ? SimulatedPlantState.Load(DeviceFolder(options, deviceId), seed, options.Board)
                : SimulatedPlantState.Load(DeviceFolder(options, deviceId), seed, member.Board, member.PvPeakWatts, member.LoadBaseWatts));
    }

    private static DeviceEnergySummary EnergyOf(SimulatedDevice device)
    {
        // A board that only meters (ec-sim --board without a power stage or all four flows) has
        // no energy control: the pack then only rests, and the summary says why there is no SOC.
        SiteControl? energy = device.Controller.EnergyControl;
        if (energy is null)
        {
            return new DeviceEnergySummary(double.NaN, device.Plant.Pack.Soc * 100, device.Plant.GridImportWattHours,
                device.Plant.GridExportWattHours, device.Plant.CurtailedWattHours, "energy control off: " + device.App.EnergyControlOffReason);
        }

        return new DeviceEnergySummary(
            energy.Loop.Soc.SocPerMille / 10.0,
            device.Plant.Pack.Soc * 100,
            device.Plant.GridImportWattHours,
            device.Plant.GridExportWattHours,
            device.Plant.CurtailedWattHours,
            ProtectionEventReporter.Names(energy.ProtectionFaults));
    }

    internal static string DeviceFolder(SimulationOptions options, string deviceId) => Path.Combine(options.DeviceStateFolder, deviceId);
}
