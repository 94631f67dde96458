using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using EdgeController.Ledger.Readings;
using MQTTnet;
using MQTTnet.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeController.Ledger.HomeAssistant;

/// <summary>
/// Publishes Home Assistant discovery and each device's verified state. It sees only what the
/// ledger committed (<see cref="LedgerIngestor.Committed"/>): a reading that failed verification,
/// or was a duplicate or stale, never reaches the state topic. Publishing runs on its own MQTT
/// connection and its own task, so a slow broker never holds up the ledger.
/// </summary>
public sealed class HomeAssistantBridge : IAsyncDisposable
{
    private readonly Channel<(string Site, ReadingDocument Reading)> _queue =
        Channel.CreateBounded<(string, ReadingDocument)>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly Dictionary<string, string> _announcedKeysByDevice = new(StringComparer.Ordinal);
    private readonly IMqttClient _client;
    private readonly MqttClientOptions _options;
    private readonly CancellationTokenSource _stop = new();
    private readonly ILogger _logger;
    private bool _failing;
    private Task? _publisher;

    /// <summary>Prepares a bridge to an anonymous broker at host:port.</summary>
    public HomeAssistantBridge(string host, int port, string clientId)
        : this(new BrokerConnection(host, port), clientId, null)
    {
    }

    /// <summary>
    /// Prepares a bridge that logs in to the broker as the gateway's own connection does (user,
    /// password, TLS), on MQTT 5 so that a broker's ACL refusal comes back as a reason code
    /// rather than a silent drop, and is logged.
    /// </summary>
    public HomeAssistantBridge(BrokerConnection broker, string clientId, ILogger? logger)
    {
        _logger = logger ?? NullLogger.Instance;
        _client = new MqttClientFactory().CreateMqttClient();
        _options = new MqttClientOptionsBuilder().WithBroker(broker).WithClientId(clientId).WithCleanSession(true)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500).Build();
    }

    /// <summary>States published so far.</summary>
    public long StatesPublished { get; private set; }

    /// <summary>Publications the broker refused (its ACL does not let the gateway write homeassistant/# or _gateway).</summary>
    public long PublicationsRefused { get; private set; }

    /// <summary>Hooks onto the ingestor and starts publishing.</summary>
    public void Attach(LedgerIngestor ingestor)
    {
        ingestor.Committed += OnCommitted;
        _publisher ??= Task.Run(PublishLoopAsync);
    }

    /// <summary>Takes the appended readings of one committed batch (called on the ledger's writer thread).</summary>
    public void OnCommitted(IReadOnlyList<IncomingMessage> messages, IReadOnlyList<LedgerDecision> decisions)
    {
        for (int i = 0; i < messages.Count; i++)
        {
            if (decisions[i].Outcome != AppendOutcome.Appended || SiteOfReadingTopic(messages[i].Topic) is not string site)
            {
                continue;
            }

            if (ReadingDocument.TryParse(messages[i].Raw, out ReadingDocument? reading) && reading!.IsReading)
            {
                _queue.Writer.TryWrite((site, reading));
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_publisher is not null)
        {
            // Let what is queued go out, but never hang the gateway's shutdown on a dead broker.
            await Task.WhenAny(_publisher, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build()).ConfigureAwait(false);
        }

        _client.Dispose();
        _stop.Dispose();
    }

    /// <summary>"site" of ec/v1/site/dev/reading, else null (events and other topics carry no state).</summary>
    private static string? SiteOfReadingTopic(string? topic)
    {
        string[] parts = (topic ?? "").Split('/');
        return parts.Length == 5 && parts[0] == "ec" && parts[1] == "v1" && parts[4] == ReadingVerifier.ReadingTopicSuffix ? parts[2] : null;
    }

    private async Task PublishLoopAsync()
    {
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (_queue.Reader.TryPeek(out (string Site, ReadingDocument Reading) item))
            {
                try
                {
                    if (!_client.IsConnected)
                    {
                        await _client.ConnectAsync(_options, _stop.Token).ConfigureAwait(false);
                    }

                    await PublishAsync(item.Site, item.Reading).ConfigureAwait(false);
                    _queue.Reader.TryRead(out _);
                    _failing = false;
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (Exception exception) when (exception is MQTTnet.Exceptions.MqttCommunicationException or System.Net.Sockets.SocketException)
                {
                    // Home automation is a view: wait and retry, the ledger is not affected.
                    if (!_failing)
                    {
                        _logger.LogWarning("home assistant: cannot publish ({Reason}); retrying every second", exception.Message);
                        _failing = true;
                    }

                    try
                    {
                        await Task.Delay(TimeSpan.FromSeconds(1), _stop.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
            }
        }
    }

    private async Task PublishAsync(string site, ReadingDocument reading)
    {
        IReadOnlyList<(string Topic, JsonObject Document)> discovery = DiscoveryDocuments.For(site, reading);
        string deviceKey = site + "/" + reading.DeviceId;
        string keys = string.Join(",", discovery.Select(item => item.Topic));
        if (!_announcedKeysByDevice.TryGetValue(deviceKey, out string? announced) || announced != keys)
        {
            foreach ((string topic, JsonObject document) in discovery)
            {
                await PublishRetainedAsync(topic, document.ToJsonString()).ConfigureAwait(false);
            }

            _announcedKeysByDevice[deviceKey] = keys;
        }

        await PublishRetainedAsync(VerifiedState.Topic(site, reading.DeviceId), VerifiedState.From(reading).ToJsonString()).ConfigureAwait(false);
        StatesPublished++;
    }

    private async Task PublishRetainedAsync(string topic, string payload)
    {
        MqttClientPublishResult result = await _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(Encoding.UTF8.GetBytes(payload))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(true).Build(), _stop.Token).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            // A view, not the ledger: count it and say so, the first time and then every 1000th.
            PublicationsRefused++;
            if (PublicationsRefused % RefusalLogInterval == 1)
            {
                _logger.LogWarning("home assistant: the broker refused {Topic}: {Reason} ({Refused} refused so far; does its ACL let the gateway write homeassistant/# and ec/v1/+/_gateway/#?)",
                    topic, result.ReasonCode, PublicationsRefused);
            }
        }
    }

    private const int RefusalLogInterval = 1000;
}
