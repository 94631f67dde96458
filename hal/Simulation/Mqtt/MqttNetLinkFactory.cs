namespace EdgeController.Hal.Simulation.Mqtt;

/// <summary>
/// Opens MQTTnet links for the composition root on a PC: the session the root derives from the
/// device's settings (client id, will, credentials, TLS), with the broker the host's network
/// puts in reach (the simulator's built-in or external broker) in place of the settings' host.
/// </summary>
public sealed class MqttNetLinkFactory(string brokerHost, int brokerPort) : IMqttLinkFactory
{
    /// <summary>How long a connect or a publish waits on the broker, ms.</summary>
    public const int OperationTimeoutMilliseconds = 10_000;

    /// <inheritdoc />
    public IMqttLink Open(MqttLinkSettings settings) => new MqttNetLink(new MqttLinkSettings
    {
        Host = brokerHost,
        Port = brokerPort,
        ClientId = settings.ClientId,
        StatusTopic = settings.StatusTopic,
        Username = settings.Username,
        Password = settings.Password,
        UseTls = settings.UseTls,
        TlsServerName = settings.TlsServerName,
        TlsCaCertificatePem = settings.TlsCaCertificatePem,
        KeepAliveSeconds = settings.KeepAliveSeconds,
        OperationTimeoutMilliseconds = OperationTimeoutMilliseconds,
    });
}
