using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeController.Hal.Simulation.Mqtt;

/// <summary>
/// The device's MQTT link on the host, over MQTTnet: a persistent session (clean session off) with
/// the client id from the device id, a retained "online" status after connect and a retained
/// "offline" last will, QoS 1 publishes that report success only on the broker's PUBACK,
/// keep-alive kept by MQTTnet, optional TLS and username/password (<see cref="MqttLinkSettings"/>).
/// Connect and Publish block the calling thread, as the device's M2Mqtt client does, each for at
/// most <see cref="MqttLinkSettings.OperationTimeoutMilliseconds"/>. Reconnecting is one
/// <see cref="TryConnect"/> per attempt; Core's LinkSupervisor decides when. Messages on the
/// subscribed topics (the device's cmd topic) wait in a small queue for <see cref="TryReceive"/>.
/// </summary>
public sealed class MqttNetLink : IMqttLink, IMqttConnection, IMqttInbox, IDisposable
{
    /// <summary>Received messages kept until the device's loop takes them; more are dropped and counted.</summary>
    public const int InboxCapacity = 16;

    private readonly ConcurrentQueue<(string Topic, byte[] Payload)> _inbox = new();
    private readonly List<string> _subscriptions = [];
    private readonly IMqttClient _client;
    private readonly MqttClientOptions _options;
    private readonly string _statusTopic;
    private readonly TimeSpan _operationTimeout;
    private long _inboxOverflowCount;

    /// <summary>Prepares a plain-TCP link without credentials; call <see cref="Connect"/> to open it.</summary>
    public MqttNetLink(string host, int port, string clientId, string statusTopic, MqttProtocolVersion protocolVersion = MqttProtocolVersion.V311)
        : this(new MqttLinkSettings { Host = host, Port = port, ClientId = clientId, StatusTopic = statusTopic, OperationTimeoutMilliseconds = 10_000 }, protocolVersion)
    {
    }

    /// <summary>Prepares a link from the device's settings; call <see cref="TryConnect"/> to open it.</summary>
    public MqttNetLink(MqttLinkSettings settings, MqttProtocolVersion protocolVersion = MqttProtocolVersion.V311)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrEmpty(settings.Host);
        ArgumentException.ThrowIfNullOrEmpty(settings.ClientId);
        ArgumentException.ThrowIfNullOrEmpty(settings.StatusTopic);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.OperationTimeoutMilliseconds, 1);
        _statusTopic = settings.StatusTopic;
        _operationTimeout = TimeSpan.FromMilliseconds(settings.OperationTimeoutMilliseconds);
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += OnMessageReceived;
        _options = BuildOptions(settings, protocolVersion);
    }

    /// <summary>Received messages dropped because the inbox was full (QoS 1 acknowledged: the gateway sends a newer command).</summary>
    public long InboxOverflowCount => Interlocked.Read(ref _inboxOverflowCount);

    /// <summary>The options the link connects with (for tests of the settings' mapping).</summary>
    public MqttClientOptions Options => _options;

    /// <inheritdoc />
    public bool IsConnected => _client.IsConnected;

    /// <inheritdoc />
    public bool TryConnect() => _client.IsConnected || Connect();

    /// <summary>Connects and publishes the retained "online" status. Returns false if the broker cannot be reached.</summary>
    public bool Connect(CancellationToken cancellationToken = default)
    {
        try
        {
            using CancellationTokenSource timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_operationTimeout);
            MqttClientConnectResult result = _client.ConnectAsync(_options, timeout.Token).GetAwaiter().GetResult();
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                return false;
            }

            // Every session subscribes again, even one the broker kept: a subscribe that failed
            // in an earlier session (a timeout under load) leaves a kept session without it, and
            // the link would stay up but deaf to the gateway's acks. Subscribing again is
            // idempotent; the retained ack it brings again is refused by its cmdseq.
            foreach (string topic in SubscribedTopics())
            {
                if (!TrySubscribeNow(topic, timeout.Token))
                {
                    DropConnection();
                    return false;
                }
            }

            byte[] online = "online"u8.ToArray();
            return Publish(_statusTopic, online, online.Length, retain: true);
        }
        catch (Exception exception) when (IsLinkFailure(exception))
        {
            return false;
        }
    }

    /// <inheritdoc />
    public bool Publish(string topic, byte[] payload, int length, bool retain)
    {
        if (!_client.IsConnected)
        {
            return false;
        }

        MqttApplicationMessage message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(new ArraySegment<byte>(payload, 0, length).ToArray())
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(retain)
            .Build();
        try
        {
            using CancellationTokenSource timeout = new(_operationTimeout);
            MqttClientPublishResult result = _client.PublishAsync(message, timeout.Token).GetAwaiter().GetResult();
            return result.IsSuccess;
        }
        catch (Exception exception) when (IsLinkFailure(exception))
        {
            return false;
        }
    }

    /// <summary>
    /// What a lost or refused connection throws out of MQTTnet's client: the link then reports
    /// failure and the supervisor reconnects, as the device's link does. MQTTnet 5.2 also throws a
    /// NullReferenceException (or ObjectDisposedException) from a publish that races the client's
    /// own teardown of a dropped connection (its channel adapter is already gone); seen under a
    /// fast simulated fleet, where it killed the whole simulator.
    /// </summary>
    private static bool IsLinkFailure(Exception exception) =>
        exception is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException
            or System.Net.Sockets.SocketException or InvalidOperationException
            or System.Security.Authentication.AuthenticationException
            or NullReferenceException or ObjectDisposedException;

    /// <inheritdoc />
    public void Subscribe(string topic)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        lock (_subscriptions)
        {
            if (!_subscriptions.Contains(topic))
            {
                _subscriptions.Add(topic);
            }
        }

        if (_client.IsConnected)
        {
            using CancellationTokenSource timeout = new(_operationTimeout);
            if (!TrySubscribeNow(topic, timeout.Token))
            {
                DropConnection(); // the supervisor reconnects, and the new session subscribes
            }
        }
    }

    /// <inheritdoc />
    public int TryReceive(byte[] buffer, out string topic)
    {
        if (!_inbox.TryDequeue(out (string Topic, byte[] Payload) message))
        {
            topic = "";
            return -1;
        }

        topic = message.Topic;
        if (message.Payload.Length > buffer.Length)
        {
            return 0;
        }

        message.Payload.CopyTo(buffer, 0);
        return message.Payload.Length;
    }

    /// <summary>Publishes "offline" and disconnects cleanly (the will is only for unclean loss).</summary>
    public void Disconnect()
    {
        if (!_client.IsConnected)
        {
            return;
        }

        byte[] offline = "offline"u8.ToArray();
        Publish(_statusTopic, offline, offline.Length, retain: true);
        _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build()).GetAwaiter().GetResult();
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();

    private string[] SubscribedTopics()
    {
        lock (_subscriptions)
        {
            return [.. _subscriptions];
        }
    }

    /// <summary>
    /// False when the link failed before the broker answered. A refusal (an ACL that denies the
    /// topic) is an answer: a new session would be refused again, and the readings should still
    /// flow, so it counts as done.
    /// </summary>
    private bool TrySubscribeNow(string topic, CancellationToken cancellationToken)
    {
        MqttClientSubscribeOptions subscription = new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(topic, MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        try
        {
            _client.SubscribeAsync(subscription, cancellationToken).GetAwaiter().GetResult();
            return true;
        }
        catch (Exception exception) when (IsLinkFailure(exception))
        {
            return false;
        }
    }

    /// <summary>
    /// Ends a session that came up without its subscriptions, so that the link reports down and
    /// the supervisor's next attempt (after its backoff) subscribes in a new session.
    /// </summary>
    private void DropConnection()
    {
        try
        {
            using CancellationTokenSource timeout = new(_operationTimeout);
            _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), timeout.Token).GetAwaiter().GetResult();
        }
        catch (Exception exception) when (IsLinkFailure(exception))
        {
            // Already gone.
        }
    }

    private Task OnMessageReceived(MqttApplicationMessageReceivedEventArgs received)
    {
        if (_inbox.Count >= InboxCapacity)
        {
            Interlocked.Increment(ref _inboxOverflowCount);
            return Task.CompletedTask;
        }

        _inbox.Enqueue((received.ApplicationMessage.Topic, received.ApplicationMessage.Payload.ToArray()));
        return Task.CompletedTask;
    }

    private static MqttClientOptions BuildOptions(MqttLinkSettings settings, MqttProtocolVersion protocolVersion)
    {
        MqttClientOptionsBuilder builder = new MqttClientOptionsBuilder()
            .WithTcpServer(settings.Host, settings.Port)
            .WithClientId(settings.ClientId)
            .WithProtocolVersion(protocolVersion)
            .WithCleanSession(false)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(settings.KeepAliveSeconds))
            .WithTimeout(TimeSpan.FromMilliseconds(settings.OperationTimeoutMilliseconds))
            .WithWillTopic(settings.StatusTopic)
            .WithWillPayload("offline")
            .WithWillRetain(true)
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        if (!string.IsNullOrEmpty(settings.Username))
        {
            builder = builder.WithCredentials(settings.Username, settings.Password);
        }

        if (settings.UseTls)
        {
            string targetHost = string.IsNullOrEmpty(settings.TlsServerName) ? settings.Host : settings.TlsServerName;
            builder = builder.WithTlsOptions(tls =>
            {
                tls.UseTls().WithTargetHost(targetHost);
                if (!string.IsNullOrEmpty(settings.TlsCaCertificatePem))
                {
                    X509Certificate2Collection trustChain = [X509Certificate2.CreateFromPem(settings.TlsCaCertificatePem)];
                    tls.WithTrustChain(trustChain);
                }
            });
        }

        return builder.Build();
    }
}
