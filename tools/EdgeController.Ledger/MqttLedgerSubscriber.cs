using System.Buffers;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeController.Ledger;

/// <summary>
/// Feeds the ledger from a broker: subscribes to the reading topics at QoS 1 in a persistent
/// session and acknowledges each message only after the ledger has committed it (or quarantined
/// it), so a gateway killed mid-ingest gets the message again instead of losing it; the
/// ledger's duplicate rule makes that redelivery harmless. Reconnects while running.
/// </summary>
public sealed class MqttLedgerSubscriber : IAsyncDisposable
{
    private static readonly TimeSpan s_reconnectDelay = TimeSpan.FromSeconds(1);

    private readonly LedgerIngestor _ingestor;
    private readonly IMqttClient _client;
    private readonly MqttClientOptions _options;
    private readonly string _topicFilter;

    /// <summary>Prepares a subscriber for the readings of site ("+" for every site).</summary>
    public MqttLedgerSubscriber(LedgerIngestor ingestor, string host, int port, string site, string clientId)
    {
        _ingestor = ingestor;
        _topicFilter = $"ec/v1/{site}/+/reading";
        _client = new MqttClientFactory().CreateMqttClient();
        _options = new MqttClientOptionsBuilder()
            .WithTcpServer(host, port)
            .WithClientId(clientId)
            .WithCleanSession(false)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(30))
            .Build();
        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
    }

    /// <summary>True while connected and subscribed.</summary>
    public bool IsConnected => _client.IsConnected;

    /// <summary>Connects and subscribes; throws if the broker cannot be reached.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _client.ConnectAsync(_options, cancellationToken).ConfigureAwait(false);
        await SubscribeAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Keeps the session up until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (!_client.IsConnected)
                {
                    MqttClientConnectResult result = await _client.ConnectAsync(_options, cancellationToken).ConfigureAwait(false);
                    if (!result.IsSessionPresent)
                    {
                        await SubscribeAsync(cancellationToken).ConfigureAwait(false);
                    }
                }

                await Task.Delay(s_reconnectDelay, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (Exception exception) when (exception is MQTTnet.Exceptions.MqttCommunicationException or System.Net.Sockets.SocketException)
            {
                await Task.Delay(s_reconnectDelay, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build()).ConfigureAwait(false);
        }

        _client.Dispose();
    }

    private Task SubscribeAsync(CancellationToken cancellationToken)
    {
        MqttClientSubscribeOptions subscription = new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(filter => filter.WithTopic(_topicFilter).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce))
            .Build();
        return _client.SubscribeAsync(subscription, cancellationToken);
    }

    private async Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs message)
    {
        message.AutoAcknowledge = false;
        byte[] raw = message.ApplicationMessage.Payload.ToArray();
        _ingestor.Ingest(message.ApplicationMessage.Topic, raw);
        await message.AcknowledgeAsync(CancellationToken.None).ConfigureAwait(false);
    }
}
