using System.Diagnostics;
using System.Security.Cryptography;
using EdgeController.Core;
using EdgeController.Core.Telemetry;
using EdgeController.Hal;
using EdgeController.Hal.Simulation;
using EdgeController.Hal.Simulation.Mqtt;
using EdgeController.Hal.Simulation.Signing;
using EdgeController.Hal.Simulation.Storage;
using EdgeController.Ledger;
using EdgeController.Simulator;
using Microsoft.Data.Sqlite;

namespace EdgeController.Telemetry.Tests;

/// <summary>
/// Devices (the firmware's Core on simulated hardware, flash in RAM) publishing through an
/// in-process broker to the gateway's real ledger ingest, on one simulated timeline the test
/// drives second by second, with the broker and the devices under its control.
/// </summary>
public sealed class SiteUnderTest : IAsyncDisposable
{
    public const string Site = "site1";
    public const string KeyId = "k1";

    private readonly TemporaryFolder _folder = new();
    private readonly KeyRegistry _registry = KeyRegistry.Empty();
    private readonly SimulatedClock _gatewayClock;
    private readonly long _startUnixMilliseconds;
    private readonly int _reportPeriodMilliseconds;
    private readonly InMemoryNonVolatileStore[] _flash;
    private readonly SimulatedPlant[] _plants;
    private readonly long[] _publishedByEarlierBoots;
    private InProcessBroker _broker = null!;
    private LedgerDatabase _ledger = null!;
    private LedgerIngestor _ingestor = null!;
    private MqttLedgerSubscriber _subscriber = null!;
    private CancellationTokenSource _stopGateway = null!;
    private Task _gatewayLoop = Task.CompletedTask;
    private Task _commandLoop = Task.CompletedTask;

    private SiteUnderTest(int deviceCount, long startUnixMilliseconds, int reportPeriodMilliseconds)
    {
        _startUnixMilliseconds = startUnixMilliseconds;
        _reportPeriodMilliseconds = reportPeriodMilliseconds;
        _gatewayClock = new SimulatedClock(startUnixMilliseconds);
        _flash = new InMemoryNonVolatileStore[deviceCount];
        _plants = new SimulatedPlant[deviceCount];
        _publishedByEarlierBoots = new long[deviceCount];
        Devices = new SimulatedDevice[deviceCount];
    }

    public SimulatedDevice[] Devices { get; }

    public InProcessBroker Broker => _broker;

    public LedgerIngestor Ingestor => _ingestor;

    public string LedgerPath => _folder.File("site.db");

    public KeyRegistry Registry => _registry;

    /// <summary>The largest backlog any device held at the end of a step.</summary>
    public int LargestBacklog { get; private set; }

    public static async Task<SiteUnderTest> StartAsync(int deviceCount, int reportPeriodMilliseconds)
    {
        SiteUnderTest site = new(deviceCount, new DateTimeOffset(2026, 6, 21, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), reportPeriodMilliseconds);
        await site.StartGatewayAsync();
        for (int i = 0; i < deviceCount; i++)
        {
            site._registry.Set(DeviceId(i), KeyId, RandomNumberGenerator.GetBytes(KeyRegistry.KeyBytes));
            site._flash[i] = new InMemoryNonVolatileStore();
            // A device's site outlives its reboots: the same pack, PV and load across boots.
            site._plants[i] = new SimulatedPlant(seed: i + 1);
            site.Devices[i] = site.BootDevice(i, site._startUnixMilliseconds);
        }

        return site;
    }

    public static string DeviceId(int index) => $"dev-{index + 1:D2}";

    /// <summary>Readings the broker acknowledged, over every boot of every device.</summary>
    public long ReadingsPublished()
    {
        long total = 0;
        for (int i = 0; i < Devices.Length; i++)
        {
            total += _publishedByEarlierBoots[i] + Devices[i].ReadingsPublished;
        }

        return total;
    }

    /// <summary>One loop pass of every device, after the gateway's clock moved on.</summary>
    public void Step(int milliseconds)
    {
        _gatewayClock.Advance(milliseconds);
        foreach (SimulatedDevice device in Devices)
        {
            device.Step(milliseconds);
            LargestBacklog = Math.Max(LargestBacklog, device.ReadingsQueued);
        }
    }

    /// <summary>
    /// Power-cycles a device between two loop passes: its RAM (and MQTT session) are gone, its
    /// flash stays, its uptime restarts.
    /// </summary>
    public void Reboot(int index)
    {
        SimulatedDevice old = Devices[index];
        _publishedByEarlierBoots[index] += old.ReadingsPublished;
        long unixNow = old.Clock.UnixTimeMilliseconds;
        old.Dispose();
        Devices[index] = BootDevice(index, unixNow);
    }

    /// <summary>Waits until the gateway took in everything the broker acknowledged so far.</summary>
    public async Task<bool> WaitForGatewayAsync(TimeSpan timeout)
    {
        Stopwatch waited = Stopwatch.StartNew();
        while (_ingestor.Counters.Received < ReadingsPublished())
        {
            if (waited.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(5);
        }

        return true;
    }

    /// <summary>Waits until a client subscribed on the broker since it last started.</summary>
    public async Task<bool> WaitForSubscriberAsync(TimeSpan timeout)
    {
        Stopwatch waited = Stopwatch.StartNew();
        while (_broker.SubscriptionsSinceStart == 0)
        {
            if (waited.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(5);
        }

        return true;
    }

    /// <summary>The ledger's seqs of a device, in chain order.</summary>
    public List<long> LedgerSequences(string deviceId)
    {
        using SqliteConnection connection = new(new SqliteConnectionStringBuilder { DataSource = LedgerPath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using SqliteCommand query = connection.CreateCommand();
        query.CommandText = "SELECT seq FROM ledger WHERE dev = $dev ORDER BY idx";
        query.Parameters.AddWithValue("$dev", deviceId);
        List<long> sequences = [];
        using SqliteDataReader reader = query.ExecuteReader();
        while (reader.Read())
        {
            sequences.Add(reader.GetInt64(0));
        }

        return sequences;
    }

    public IReadOnlyList<(string DeviceId, long FirstMissing, long LastMissing)> Gaps() => _ledger.Gaps();

    public async ValueTask DisposeAsync()
    {
        foreach (SimulatedDevice? device in Devices)
        {
            device?.Dispose();
        }

        await _stopGateway.CancelAsync();
        await _gatewayLoop;
        await _commandLoop;
        await _subscriber.DisposeAsync();
        _ledger.Dispose();
        await _broker.DisposeAsync();
        _stopGateway.Dispose();
        _folder.Dispose();
    }

    private async Task StartGatewayAsync()
    {
        _broker = await InProcessBroker.StartAsync();
        _ledger = LedgerDatabase.Open(LedgerPath);
        _ingestor = new LedgerIngestor(_registry, _ledger, () => _gatewayClock.UnixTimeMilliseconds);
        _subscriber = new MqttLedgerSubscriber(_ingestor, "127.0.0.1", _broker.Port, Site, $"ec-gateway-{Site}");
        await _subscriber.StartAsync(CancellationToken.None);
        _stopGateway = new CancellationTokenSource();
        _gatewayLoop = _subscriber.RunAsync(_stopGateway.Token);
        // The gateway tells each device what the ledger holds (ack) and asks for what it misses
        // (resend), as `ec-gateway run` does: the devices keep their readings until then.
        _commandLoop = LedgerCommandLoop.RunAsync(new LedgerCommandPublisher(_ledger, _registry, _ => Site), _subscriber,
            () => _gatewayClock.UnixTimeMilliseconds, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, null, _stopGateway.Token,
            passPeriod: TimeSpan.FromMilliseconds(20));
    }

    private SimulatedDevice BootDevice(int index, long unixNowMilliseconds)
    {
        string deviceId = DeviceId(index);
        // The device boots from the settings on its flash, as it would after ec-provision.
        EdgeController.Simulator.SimulatedProvisioning.EnsureProvisioned(_flash[index], _registry, Site, deviceId, KeyId);
        TopicNames topics = new(Site, deviceId);
        MqttNetLink link = new(new MqttLinkSettings
        {
            Host = "127.0.0.1",
            Port = _broker.Port,
            ClientId = deviceId,
            StatusTopic = topics.Status,
            OperationTimeoutMilliseconds = 2000,
        });
        return new SimulatedDevice(_flash[index], link, new SimulatedClock(unixNowMilliseconds), seed: index + 1,
            reportPeriodMillisecondsOverride: _reportPeriodMilliseconds, plant: _plants[index]);
    }
}
