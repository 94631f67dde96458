using System.Diagnostics;
using EdgeController.Hal.Simulation;
using EdgeController.Hal.Simulation.Signing;
using EdgeController.Ledger;
using EdgeController.Ledger.Market;
using EdgeController.Simulator.Tariffs;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeController.Simulator;

/// <summary>
/// The gateway inside an ec-sim run: the ledger's ingest over MQTT and the acks and resends that
/// tell each device what the ledger holds, as `ec-gateway run` does it,
/// on the simulated timeline's clock so received_ms lines up with the readings' ts.
/// </summary>
public sealed class BuiltInGateway : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Task _loop;
    private readonly Task _commands;
    private readonly MqttLedgerSubscriber _subscriber;

    private BuiltInGateway(LedgerDatabase ledger, LedgerIngestor ingestor, MqttLedgerSubscriber subscriber, CancellationTokenSource stop, Task loop, Task commands)
    {
        _commands = commands;
        Ledger = ledger;
        Ingestor = ingestor;
        _subscriber = subscriber;
        _stop = stop;
        _loop = loop;
        EntriesBefore = ledger.EntryCountsByDevice();
    }

    /// <summary>The ledger.</summary>
    public LedgerDatabase Ledger { get; }

    /// <summary>The ingest and its counters.</summary>
    public LedgerIngestor Ingestor { get; }

    /// <summary>The market runner (ec-sim --market), or null.</summary>
    public MarketRunner? Market { get; private init; }

    /// <summary>The market's publisher (its counts), or null.</summary>
    public MqttMarketPublisher? MarketPublisher { get; private init; }

    /// <summary>The day-ahead tariff's publisher (ec-sim --day-ahead), or null.</summary>
    public DayAheadTariffPublisher? DayAhead { get; private set; }

    private SimulatedClock? _clock;
    private MarketSiteConfig? _marketConfig;
    private long _nextMarketTick = long.MinValue;
    private long _nextGate = long.MinValue;

    /// <summary>Wall-clock time at most waited at a market tick for the ingest to take in what the devices published.</summary>
    public static readonly TimeSpan IngestCatchUpTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Simulated time between the market's ticks when no gate closes.</summary>
    public const long MarketTickMilliseconds = 60_000;

    /// <summary>
    /// The market's step, at a meeting of the timeline (devices held): first waits (a few wall
    /// seconds at most) until the ingest has taken in all the devices published,
    /// publishedByDevices, so that received_ms and not the broker's latency decides what is late
    /// at a gate closure, and a settlement two minutes after a slot finds the slot's last readings
    /// in the ledger as a gateway running in real time would (not a boundary held short, corrected
    /// a pass later); then the runner clears, awards and settles at the gateway's clock.
    /// </summary>
    public void MarketTick(long publishedByDevices)
    {
        if (Market is null || _clock is null || _marketConfig is null)
        {
            return;
        }

        long now = _clock.UnixTimeMilliseconds;
        long slotMs = _marketConfig.SlotMilliseconds;
        if (_nextGate == long.MinValue)
        {
            _nextGate = NextGateAfter(now, slotMs);
        }

        bool gateClosed = now >= _nextGate;
        if (!gateClosed && now < _nextMarketTick)
        {
            return;
        }

        Stopwatch waited = Stopwatch.StartNew();
        while (!IngestCaughtUp(publishedByDevices) && waited.Elapsed < IngestCatchUpTimeout && !_stop.IsCancellationRequested)
        {
            Thread.Sleep(2);
        }

        if (gateClosed)
        {
            _nextGate = NextGateAfter(now, slotMs);
        }

        Market.TickAsync(now, _stop.Token).GetAwaiter().GetResult();
        _nextMarketTick = now + MarketTickMilliseconds;
    }

    /// <summary>ec-sim --day-ahead: from now on, the gateway publishes each day's signed prices at 13:00 (<see cref="DayAheadTariffPublisher"/>).</summary>
    public void StartDayAhead(SimulationOptions options, KeyRegistry registry, IReadOnlyList<string> deviceIds)
    {
        DayAhead = new DayAheadTariffPublisher(options.Start, options.Duration, options.Seed, Ledger, registry, options.Site, deviceIds,
            (topic, message) => _subscriber.PublishAsync(topic, message, retain: false, _stop.Token).GetAwaiter().GetResult());
    }

    /// <summary>The day-ahead tariff's step, at a meeting of the timeline (devices held).</summary>
    public void DayAheadTick() => DayAhead?.Tick(_clock!.UnixTimeMilliseconds);

    private long NextGateAfter(long now, long slotMs) =>
        ((MarketClearing.FloorDivide(now + _marketConfig!.GateClosureMilliseconds, slotMs) + 1) * slotMs) - _marketConfig.GateClosureMilliseconds;

    /// <summary>Entries per device before this run.</summary>
    public IReadOnlyDictionary<string, long> EntriesBefore { get; }

    /// <summary>Opens the ledger and subscribes to the site's topics.</summary>
    public static async Task<BuiltInGateway> StartAsync(SimulationOptions options, KeyRegistry registry, BrokerAddress broker, SimulatedClock clock, CancellationToken cancellationToken)
    {
        LedgerDatabase ledger = LedgerDatabase.Open(options.LedgerPath);
        LedgerIngestor ingestor = new(registry, ledger, () => clock.UnixTimeMilliseconds);
        MqttLedgerSubscriber subscriber = new(ingestor, broker.Host, broker.Port, options.Site, $"ec-gateway-{options.Site}");
        await subscriber.StartAsync(cancellationToken);
        CancellationTokenSource stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Acks and resends as `ec-gateway run` sends them, timed by the simulated clock.
        LedgerCommandPublisher commands = new(ledger, registry, _ => options.Site);
        Task commandLoop = LedgerCommandLoop.RunAsync(commands, subscriber, () => clock.UnixTimeMilliseconds, NullLogger.Instance, null, stop.Token,
            passPeriod: TimeSpan.FromMilliseconds(50));
        if (!options.Market)
        {
            return new BuiltInGateway(ledger, ingestor, subscriber, stop, subscriber.RunAsync(stop.Token), commandLoop) { _clock = clock };
        }

        // The market as `ec-gateway run --market FILE` runs it, from the same settings file, its
        // records signed with the gateway key `run` would use for this ledger.
        MarketSiteConfig config = MarketSiteConfig.Load(options.MarketSettingsFile);
        GatewayKey key = GatewayKey.LoadOrCreate(options.GatewayKeyFile);
        MqttMarketPublisher publisher = new(subscriber);
        MarketRunner runner = new(ledger, config, new HmacSha256Signer(key.KeyId, key.Key), new RegistryAwardSigner(registry), publisher, options.Site);
        return new BuiltInGateway(ledger, ingestor, subscriber, stop, subscriber.RunAsync(stop.Token), commandLoop)
        {
            _clock = clock,
            _marketConfig = config,
            Market = runner,
            MarketPublisher = publisher,
        };
    }

    /// <summary>True when the ingest has received sent messages and decided on every one it received.</summary>
    private bool IngestCaughtUp(long sent)
    {
        IngestCounters counters = Ingestor.Counters;
        return counters.Received >= sent && counters.Accepted + counters.Duplicates + counters.Rejected >= counters.Received;
    }

    /// <summary>
    /// Waits until the gateway received what the broker acknowledged and decided on all of it.
    /// Received is counted as a message arrives, before its append commits: wait until every
    /// received message is also decided, or the summary's ledger counts can miss the last one.
    /// </summary>
    public async Task<bool> WaitForAsync(long sent, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Stopwatch waited = Stopwatch.StartNew();
        while (!IngestCaughtUp(sent))
        {
            if (waited.Elapsed > timeout || cancellationToken.IsCancellationRequested)
            {
                return false;
            }

            await Task.Delay(20, CancellationToken.None);
        }

        return true;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        await _commands;
        await _subscriber.DisposeAsync();
        Ledger.Dispose();
        _stop.Dispose();
    }
}
