using System.Buffers;
using System.Threading.Channels;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeController.Ledger;

/// <summary>
/// Feeds the ledger from a broker: subscribes to the reading and event topics at QoS 1 in a persistent
/// session and acknowledges each message only after the ledger has committed it (or quarantined
/// it), so a gateway killed mid-ingest gets the message again instead of losing it; the
/// ledger's duplicate rule makes that redelivery harmless. Messages are queued as they arrive
/// and written in batches of up to <see cref="MaxBatchMessages"/>, one transaction each, then
/// acknowledged in arrival order (MQTT 3.1.1 §4.6). Reconnects while running.
/// </summary>
public sealed class MqttLedgerSubscriber : IAsyncDisposable
{
    /// <summary>The most messages written in one transaction.</summary>
    public const int MaxBatchMessages = 2000;

    private static readonly TimeSpan s_reconnectDelay = TimeSpan.FromSeconds(1);

    private readonly Channel<(IncomingMessage Message, MqttApplicationMessageReceivedEventArgs Delivery)> _queue =
        Channel.CreateUnbounded<(IncomingMessage, MqttApplicationMessageReceivedEventArgs)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    private readonly LedgerIngestor _ingestor;
    private readonly IMqttClient _client;
    private readonly MqttClientOptions _options;
    private readonly string _readingTopicFilter;
    private readonly string _eventTopicFilter;

    /// <summary>Prepares a subscriber for the readings of site ("+" for every site).</summary>
    public MqttLedgerSubscriber(LedgerIngestor ingestor, string host, int port, string site, string clientId)
    {
        _ingestor = ingestor;
        // Readings and events share the device's seq counter, so both go into the one chain.
        _readingTopicFilter = $"ec/v1/{site}/+/{ReadingVerifier.ReadingTopicSuffix}";
        _eventTopicFilter = $"ec/v1/{site}/+/{ReadingVerifier.EventTopicSuffix}";
        _client = new MqttClientFactory().CreateMqttClient();
        _options = new MqttClientOptionsBuilder()
            .WithTcpServer(host, port)
            .WithClientId(clientId)
            // MQTT 3.1.1, where clean session off keeps the session across a crash. (MQTTnet's
            // default is MQTT 5, whose session would end at disconnect unless an expiry is set:
            // a restarted gateway then received nothing that was queued for it.)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V311)
            .WithCleanSession(false)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(30))
            .Build();
        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
        _writer = Task.Run(WriteBatchesAsync);
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
            if (_writer.IsFaulted)
            {
                // A ledger that cannot be written must stop the gateway loudly, not leave it subscribed and silent.
                throw new InvalidOperationException("the ledger writer failed: " + _writer.Exception!.GetBaseException().Message, _writer.Exception);
            }

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

                await Task.WhenAny(Task.Delay(s_reconnectDelay, cancellationToken), _writer).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
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

        // Write what was received; its acknowledgements may no longer reach the broker, which
        // then redelivers and the ledger counts duplicates.
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        _client.Dispose();
    }

    /// <summary>Publishes a retained QoS 1 message (the ledger head checkpoint); false when not connected.</summary>
    public async Task<bool> PublishRetainedAsync(string topic, byte[] payload, CancellationToken cancellationToken)
    {
        if (!_client.IsConnected)
        {
            return false;
        }

        MqttApplicationMessage message = new MqttApplicationMessageBuilder()
            .WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(true).Build();
        MqttClientPublishResult result = await _client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
        return result.IsSuccess;
    }

    private Task SubscribeAsync(CancellationToken cancellationToken)
    {
        MqttClientSubscribeOptions subscription = new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(filter => filter.WithTopic(_readingTopicFilter).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce))
            .WithTopicFilter(filter => filter.WithTopic(_eventTopicFilter).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce))
            .Build();
        return _client.SubscribeAsync(subscription, cancellationToken);
    }

    private async Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs delivery)
    {
        delivery.AutoAcknowledge = false;
        IncomingMessage message = new(delivery.ApplicationMessage.Topic, delivery.ApplicationMessage.Payload.ToArray(), _ingestor.NowMilliseconds());
        await _queue.Writer.WriteAsync((message, delivery)).ConfigureAwait(false);
    }

    private async Task WriteBatchesAsync()
    {
        List<(IncomingMessage Message, MqttApplicationMessageReceivedEventArgs Delivery)> batch = new(MaxBatchMessages);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatchMessages && _queue.Reader.TryRead(out (IncomingMessage, MqttApplicationMessageReceivedEventArgs) item))
            {
                batch.Add(item);
            }

            _ingestor.IngestBatch(batch.Select(item => item.Message).ToList());
            // Only now are the messages safe: a crash before this point means the broker redelivers
            // them. The PUBACKs are queued in arrival order and awaited together, not one round trip each.
            Task[] acknowledgements = new Task[batch.Count];
            for (int i = 0; i < batch.Count; i++)
            {
                acknowledgements[i] = AcknowledgeAsync(batch[i].Delivery);
            }

            await Task.WhenAll(acknowledgements).ConfigureAwait(false);
        }
    }

    private async Task AcknowledgeAsync(MqttApplicationMessageReceivedEventArgs delivery)
    {
        if (!_client.IsConnected)
        {
            return; // the broker keeps the message in the session and redelivers it
        }

        try
        {
            await delivery.AcknowledgeAsync(CancellationToken.None).ConfigureAwait(false);
        }
        // MQTTnet 5.2 throws NullReferenceException when the connection closed under the call.
        catch (Exception exception) when (exception is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException or ObjectDisposedException or NullReferenceException)
        {
            // The connection dropped after the commit: the broker will redeliver and the ledger
            // will count the copy as a duplicate.
        }
    }
}
