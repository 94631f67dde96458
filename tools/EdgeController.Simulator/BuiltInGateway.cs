using System.Diagnostics;
using EdgeController.Hal.Simulation;
using EdgeController.Ledger;
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
        return new BuiltInGateway(ledger, ingestor, subscriber, stop, subscriber.RunAsync(stop.Token), commandLoop);
    }

    /// <summary>
    /// Waits until the gateway received what the broker acknowledged and decided on all of it.
    /// Received is counted as a message arrives, before its append commits: wait until every
    /// received message is also decided, or the summary's ledger counts can miss the last one.
    /// </summary>
    public async Task<bool> WaitForAsync(long sent, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Stopwatch waited = Stopwatch.StartNew();
        IngestCounters counters = Ingestor.Counters;
        while (counters.Received < sent || counters.Accepted + counters.Duplicates + counters.Rejected < counters.Received)
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
