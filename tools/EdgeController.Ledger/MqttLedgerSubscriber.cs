using System.Buffers;
using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeController.Ledger;

/// <summary>
/// Feeds the ledger from a broker: subscribes to the reading and event topics at QoS 1 in a persistent
/// session and acknowledges each message only after the ledger has committed it (or quarantined
/// it), so a gateway killed mid-ingest gets the message again instead of losing it; the
/// ledger's duplicate rule makes that redelivery harmless. Three stages on their own threads: the
/// client's receive loop stamps and queues each message; the writer takes everything queued, up to
/// <see cref="MaxBatchMessages"/>, verifies it in arrival order and appends it in one transaction;
/// after the commit it hands the batch's deliveries to the acknowledger, which sends their PUBACKs
/// in arrival order (MQTT 3.1.1 §4.6) while the writer goes on with the next batch. Connects, and
/// reconnects, with a backoff while running, whether or not the broker was up at start. The socket
/// buffers are <see cref="SocketBufferBytes"/>: with MQTTnet's 8 KiB a backlog from mosquitto
/// collapsed the receive window and delivery fell to about 50 msg/s (issue 12).
/// </summary>
public sealed class MqttLedgerSubscriber : IAsyncDisposable
{
    /// <summary>The most messages written in one transaction.</summary>
    public const int MaxBatchMessages = 2000;

    /// <summary>
    /// A batch smaller than this waits for more while messages keep arriving (see
    /// <see cref="WriteBatchesAsync"/>): a commit costs about 300 us of CPU on the 2-core
    /// reference machine whatever the batch's size, 15 us per message at 20 a batch (issue 12).
    /// </summary>
    public const int LingerTargetMessages = 500;

    /// <summary>The longest a batch waits for more messages, in steps of about 1 ms.</summary>
    private const int MaxLingerSteps = 8;

    /// <summary>After fruitless waits the writer skips waiting for up to this many batches (doubling from 1).</summary>
    private const int MaxLingerSkips = 1024;

    /// <summary>Socket send and receive buffer of the subscriber's connection.</summary>
    public const int SocketBufferBytes = 1 << 20;

    private static readonly TimeSpan s_firstReconnectDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_maxReconnectDelay = TimeSpan.FromSeconds(30);

    private readonly Channel<(IncomingMessage Message, MqttApplicationMessageReceivedEventArgs Delivery)> _received =
        Channel.CreateUnbounded<(IncomingMessage, MqttApplicationMessageReceivedEventArgs)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<MqttApplicationMessageReceivedEventArgs[]> _committed =
        Channel.CreateUnbounded<MqttApplicationMessageReceivedEventArgs[]>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Task _writer;
    private readonly Task _acknowledger;

    private readonly LedgerIngestor _ingestor;
    private readonly IMqttClient _client;
    private readonly MqttClientOptions _options;
    private readonly string _readingTopicFilter;
    private readonly string _eventTopicFilter;
    private readonly ILogger _logger;
    private readonly BrokerConnection _broker;
    private readonly ConcurrentDictionary<string, string> _siteByDevice = new(StringComparer.Ordinal);

    /// <summary>Prepares a subscriber for the readings of site ("+" for every site), plain TCP, no credentials.</summary>
    public MqttLedgerSubscriber(LedgerIngestor ingestor, string host, int port, string site, string clientId)
        : this(ingestor, new BrokerConnection(host, port), site, clientId, null)
    {
    }

    /// <summary>Prepares a subscriber for the readings of site ("+" for every site) on broker; logs connects and disconnects.</summary>
    public MqttLedgerSubscriber(LedgerIngestor ingestor, BrokerConnection broker, string site, string clientId, ILogger? logger)
    {
        _ingestor = ingestor;
        _broker = broker;
        _logger = logger ?? NullLogger.Instance;
        // Readings and events share the device's seq counter, so both go into the one chain.
        _readingTopicFilter = $"ec/v1/{site}/+/{ReadingVerifier.ReadingTopicSuffix}";
        _eventTopicFilter = $"ec/v1/{site}/+/{ReadingVerifier.EventTopicSuffix}";
        _client = new MqttClientFactory().CreateMqttClient();
        MqttClientOptionsBuilder builder = new MqttClientOptionsBuilder()
            .WithBroker(broker)
            .WithClientId(clientId)
            // MQTT 3.1.1, where clean session off keeps the session across a crash. (MQTTnet's
            // default is MQTT 5, whose session would end at disconnect unless an expiry is set:
            // a restarted gateway then received nothing that was queued for it.)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V311)
            .WithCleanSession(false)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(30));
        _options = builder.Build();
        if (_options.ChannelOptions is MqttClientTcpOptions tcp)
        {
            tcp.BufferSize = SocketBufferBytes;
        }

        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
        _client.ConnectedAsync += _ =>
        {
            _logger.LogInformation("connected to {Broker} as {ClientId}", _broker, clientId);
            return Task.CompletedTask;
        };
        _client.DisconnectedAsync += disconnected =>
        {
            if (disconnected.ClientWasConnected)
            {
                _logger.LogWarning("disconnected from {Broker}: {Reason}", _broker, disconnected.Exception?.Message ?? disconnected.Reason.ToString());
            }

            return Task.CompletedTask;
        };
        _writer = Task.Run(WriteBatchesAsync);
        _acknowledger = Task.Run(AcknowledgeCommittedAsync);
    }

    /// <summary>Completes once the subscription is first in place (subscribed now, or kept by the broker's session).</summary>
    public Task Subscribed => _subscribed.Task;

    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The site of each device, as the topics of its messages name it (the ledger keeps no site).</summary>
    public string? SiteOf(string deviceId) => _siteByDevice.TryGetValue(deviceId, out string? site) ? site : null;

    /// <summary>The socket buffer the connection is set to, bytes (0 when the transport is not TCP).</summary>
    public int SocketBufferSize => _options.ChannelOptions is MqttClientTcpOptions tcp ? tcp.BufferSize : 0;

    /// <summary>True while connected and subscribed.</summary>
    public bool IsConnected => _client.IsConnected;

    /// <summary>PUBACKs sent since this subscriber was made: never more than the messages committed.</summary>
    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    private long _acknowledged;

    /// <summary>Connects and subscribes; throws if the broker cannot be reached.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _client.ConnectAsync(_options, cancellationToken).ConfigureAwait(false);
        await SubscribeAsync(cancellationToken).ConfigureAwait(false);
        _subscribed.TrySetResult();
    }

    /// <summary>
    /// Keeps the session up until cancelled: connects (also when the broker is not up yet) and
    /// reconnects after a loss, waiting 1 s, then twice as long after each failed attempt, at most 30 s.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        TimeSpan delay = s_firstReconnectDelay;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (_writer.IsFaulted)
            {
                // A ledger that cannot be written must stop the gateway loudly, not leave it subscribed and silent.
                throw new InvalidOperationException("the ledger writer failed: " + _writer.Exception!.GetBaseException().Message, _writer.Exception);
            }

            if (_acknowledger.IsFaulted)
            {
                // Without acknowledgements the broker soon stops delivering: as silent as a dead writer.
                throw new InvalidOperationException("the acknowledger failed: " + _acknowledger.Exception!.GetBaseException().Message, _acknowledger.Exception);
            }

            try
            {
                if (!_client.IsConnected)
                {
                    await _client.ConnectAsync(_options, cancellationToken).ConfigureAwait(false);
                    // Every session subscribes, even one the broker kept: a subscribe that failed
                    // in an earlier session leaves a kept session without it, deaf for good.
                    await SubscribeOrDisconnectAsync(cancellationToken).ConfigureAwait(false);

                    _subscribed.TrySetResult();
                    delay = s_firstReconnectDelay;
                }

                await Task.WhenAny(Task.Delay(s_firstReconnectDelay, cancellationToken), _writer, _acknowledger).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (Exception exception) when (IsBrokerFailure(exception))
            {
                _logger.LogWarning("cannot connect to {Broker}: {Reason}; next attempt in {DelaySeconds} s", _broker, exception.GetBaseException().Message, delay.TotalSeconds);
                try
                {
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, s_maxReconnectDelay.Ticks));
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
        _received.Writer.TryComplete();
        try
        {
            await _writer.ConfigureAwait(false);
            await _acknowledger.ConfigureAwait(false);
        }
        finally
        {
            _client.Dispose();
        }
    }

    /// <summary>Publishes a retained QoS 1 message (the ledger head checkpoint); false when not connected.</summary>
    public Task<bool> PublishRetainedAsync(string topic, byte[] payload, CancellationToken cancellationToken) =>
        PublishAsync(topic, payload, retain: true, cancellationToken);

    /// <summary>Publishes a QoS 1 message (a checkpoint, a command); false when not connected or the broker refused it.</summary>
    public async Task<bool> PublishAsync(string topic, byte[] payload, bool retain, CancellationToken cancellationToken)
    {
        if (!_client.IsConnected)
        {
            return false;
        }

        MqttApplicationMessage message = new MqttApplicationMessageBuilder()
            .WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build();
        try
        {
            MqttClientPublishResult result = await _client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
            return result.IsSuccess;
        }
        catch (Exception exception) when (exception is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// What a broker that is away, refuses or drops the connection throws out of MQTTnet's client:
    /// the session loop waits and tries again. MQTTnet 5.2 also throws InvalidOperationException
    /// from a connect that races its own teardown of a dropped connection (a broker killed under
    /// load), as the device's link also sees.
    /// </summary>
    private static bool IsBrokerFailure(Exception exception) =>
        exception is MQTTnet.Exceptions.MqttCommunicationException or System.Net.Sockets.SocketException
            or System.Security.Authentication.AuthenticationException or IOException or InvalidOperationException;

    /// <summary>Subscribes; when that fails, ends the session too, so that the next attempt starts a new one and subscribes.</summary>
    private async Task SubscribeOrDisconnectAsync(CancellationToken cancellationToken)
    {
        try
        {
            await SubscribeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsBrokerFailure(exception))
        {
            if (_client.IsConnected)
            {
                using CancellationTokenSource quick = new(TimeSpan.FromSeconds(5));
                try
                {
                    await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), quick.Token).ConfigureAwait(false);
                }
                catch (Exception disconnect) when (disconnect is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or IOException)
                {
                    // The connection is going anyway.
                }
            }

            throw;
        }
    }

    private Task SubscribeAsync(CancellationToken cancellationToken)
    {
        MqttClientSubscribeOptions subscription = new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(filter => filter.WithTopic(_readingTopicFilter).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce))
            .WithTopicFilter(filter => filter.WithTopic(_eventTopicFilter).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce))
            .Build();
        return _client.SubscribeAsync(subscription, cancellationToken);
    }

    private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs delivery)
    {
        delivery.AutoAcknowledge = false;
        // Only stamped and queued here: the client calls this for one message after the other, so
        // anything slower would stamp every message behind it later (the simulator's clock runs
        // thousands of times faster than the wall's, and its market judges orders by the stamp).
        IncomingMessage message = new(delivery.ApplicationMessage.Topic, delivery.ApplicationMessage.Payload.ToArray(), _ingestor.NowMilliseconds());
        // Unbounded, so the write succeeds at once; false only once disposing completed it, and
        // then the message, never acknowledged, comes again in the next session.
        _received.Writer.TryWrite((message, delivery));
        return Task.CompletedTask;
    }

    /// <summary>
    /// Verifies and appends what is queued, batch after batch. Each commit costs about 300 us of CPU
    /// (the fsync among it) whatever the batch's size, so the size is what matters (issue 12):
    /// verification runs here rather than in a stage of its own, whose quick turns left the writer
    /// batches of about 15 messages where this one finds 30 (same conditions, bench-ingest on the
    /// built-in broker), and a small batch waits for more while more arrives, which made them 300.
    /// </summary>
    private async Task WriteBatchesAsync()
    {
        List<IncomingMessage> messages = new(MaxBatchMessages);
        List<VerificationResult> verifications = new(MaxBatchMessages);
        List<MqttApplicationMessageReceivedEventArgs> deliveries = new(MaxBatchMessages);
        try
        {
            int lingerSkips = 0;
            int nextLingerSkips = 1;
            while (await _received.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                messages.Clear();
                verifications.Clear();
                deliveries.Clear();
                TakeQueued(messages, verifications, deliveries);
                if (messages.Count < LingerTargetMessages && lingerSkips-- <= 0)
                {
                    // Wait for more while more arrives. When the first wait brings nothing, the
                    // broker is likely holding the rest back until these are acknowledged
                    // (mosquitto's max_inflight_messages) or the devices are just quiet: then the
                    // next batches skip waiting, twice as many after each fruitless wait.
                    int taken = messages.Count;
                    for (int step = 0; step < MaxLingerSteps && messages.Count < LingerTargetMessages; step++)
                    {
                        await Task.Delay(1).ConfigureAwait(false);
                        if (TakeQueued(messages, verifications, deliveries) == 0)
                        {
                            break;
                        }
                    }

                    bool fruitless = messages.Count == taken;
                    lingerSkips = fruitless ? nextLingerSkips : 0;
                    nextLingerSkips = fruitless ? Math.Min(nextLingerSkips * 2, MaxLingerSkips) : 1;
                }

                _ingestor.IngestVerifiedBatch(messages, verifications);
                // Only now are the messages safe: a crash before this point means the broker
                // redelivers them. Their PUBACKs go to the acknowledger, batch after batch in order.
                _committed.Writer.TryWrite([.. deliveries]);
            }
        }
        finally
        {
            _committed.Writer.TryComplete();
        }
    }

    /// <summary>Moves what is queued, up to a full batch, into it, verified; returns how many it took.</summary>
    private int TakeQueued(List<IncomingMessage> messages, List<VerificationResult> verifications, List<MqttApplicationMessageReceivedEventArgs> deliveries)
    {
        int taken = 0;
        while (messages.Count < MaxBatchMessages && _received.Reader.TryRead(out (IncomingMessage Message, MqttApplicationMessageReceivedEventArgs Delivery) received))
        {
            messages.Add(received.Message);
            verifications.Add(_ingestor.Verify(received.Message));
            deliveries.Add(received.Delivery);
            NoteSite(received.Message.Topic);
            taken++;
        }

        return taken;
    }

    /// <summary>
    /// Sends the PUBACKs of each committed batch in arrival order, one after the other: a PUBACK
    /// waits for no answer, so each send completes at once, where starting a batch's all together
    /// queued every one but the first on the client's send lock (a task and a wake-up each).
    /// </summary>
    private async Task AcknowledgeCommittedAsync()
    {
        while (await _committed.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (_committed.Reader.TryRead(out MqttApplicationMessageReceivedEventArgs[]? batch))
            {
                foreach (MqttApplicationMessageReceivedEventArgs delivery in batch)
                {
                    await AcknowledgeAsync(delivery).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>Learns a device's site from ec/v1/&lt;site&gt;/&lt;dev&gt;/...; only ids the registry's rule allows.</summary>
    private void NoteSite(string? topic)
    {
        if (topic is null || !topic.StartsWith(Core.Telemetry.TopicNames.Root, StringComparison.Ordinal))
        {
            return;
        }

        ReadOnlySpan<char> rest = topic.AsSpan(Core.Telemetry.TopicNames.Root.Length);
        int siteEnd = rest.IndexOf('/');
        if (siteEnd <= 0)
        {
            return;
        }

        ReadOnlySpan<char> afterSite = rest[(siteEnd + 1)..];
        int deviceEnd = afterSite.IndexOf('/');
        if (deviceEnd <= 0)
        {
            return;
        }

        ReadOnlySpan<char> site = rest[..siteEnd];
        ReadOnlySpan<char> device = afterSite[..deviceEnd];
        ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> lookup = _siteByDevice.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(device, out string? known) && site.SequenceEqual(known))
        {
            return;
        }

        string deviceId = device.ToString();
        string siteId = site.ToString();
        if (Core.Identifiers.IsValid(deviceId) && Core.Identifiers.IsValid(siteId))
        {
            _siteByDevice[deviceId] = siteId;
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
            Interlocked.Increment(ref _acknowledged);
        }
        // MQTTnet 5.2 throws NullReferenceException when the connection closed under the call.
        catch (Exception exception) when (exception is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException or ObjectDisposedException or NullReferenceException)
        {
            // The connection dropped after the commit: the broker will redeliver and the ledger
            // will count the copy as a duplicate.
        }
    }
}
