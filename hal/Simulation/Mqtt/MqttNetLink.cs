using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeController.Hal.Simulation.Mqtt;

/// <summary>
/// The device's MQTT link on the host, over MQTTnet: a persistent session (clean session off) with
/// the client id from the device id, a retained "online" status after connect and a retained
/// "offline" last will, QoS 1 publishes that report success only on the broker's PUBACK.
/// Publish blocks the calling thread, as the device's M2Mqtt client does.
/// </summary>
public sealed class MqttNetLink : IMqttLink, IDisposable
{
    private static readonly TimeSpan s_publishTimeout = TimeSpan.FromSeconds(10);

    private readonly IMqttClient _client;
    private readonly MqttClientOptions _options;
    private readonly string _statusTopic;

    /// <summary>Prepares a link; call <see cref="Connect"/> to open it.</summary>
    public MqttNetLink(string host, int port, string clientId, string statusTopic, MqttProtocolVersion protocolVersion = MqttProtocolVersion.V311)
    {
        _statusTopic = statusTopic;
        _client = new MqttClientFactory().CreateMqttClient();
        _options = new MqttClientOptionsBuilder()
            .WithTcpServer(host, port)
            .WithClientId(clientId)
            .WithProtocolVersion(protocolVersion)
            .WithCleanSession(false)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(30))
            .WithWillTopic(statusTopic)
            .WithWillPayload("offline")
            .WithWillRetain(true)
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
    }

    /// <inheritdoc />
    public bool IsConnected => _client.IsConnected;

    /// <summary>Connects and publishes the retained "online" status. Returns false if the broker cannot be reached.</summary>
    public bool Connect(CancellationToken cancellationToken = default)
    {
        try
        {
            MqttClientConnectResult result = _client.ConnectAsync(_options, cancellationToken).GetAwaiter().GetResult();
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                return false;
            }

            byte[] online = "online"u8.ToArray();
            return Publish(_statusTopic, online, online.Length, retain: true);
        }
        catch (Exception exception) when (exception is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or System.Net.Sockets.SocketException)
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
            using CancellationTokenSource timeout = new(s_publishTimeout);
            MqttClientPublishResult result = _client.PublishAsync(message, timeout.Token).GetAwaiter().GetResult();
            return result.IsSuccess;
        }
        catch (Exception exception) when (exception is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or InvalidOperationException)
        {
            return false;
        }
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
}
