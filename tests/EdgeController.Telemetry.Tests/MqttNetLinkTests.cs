using System.Buffers;
using System.Text;
using EdgeController.Hal;
using EdgeController.Hal.Simulation.Mqtt;
using EdgeController.Simulator;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeController.Telemetry.Tests;

/// <summary>The host MQTT link: settings, the status contract, and reconnecting after a broker restart.</summary>
public sealed class MqttNetLinkTests
{
    private static MqttLinkSettings Settings(int port) => new()
    {
        Host = "127.0.0.1",
        Port = port,
        ClientId = "dev-01",
        StatusTopic = "ec/v1/site1/dev-01/status",
        // The simulator's own timeout: the first connect of a test process JITs MQTTnet on both
        // ends, and on a loaded CI machine that took more than 2 s.
        OperationTimeoutMilliseconds = MqttNetLinkFactory.OperationTimeoutMilliseconds,
    };

    [Fact]
    public void Settings_CarryCredentialsTlsAndKeepAlive_IntoTheClientOptions()
    {
        MqttLinkSettings settings = Settings(8883);
        settings.Username = "dev-01";
        settings.Password = "secret";
        settings.UseTls = true;
        settings.TlsServerName = "broker.example";
        settings.KeepAliveSeconds = 45;
        using MqttNetLink link = new(settings);

        MqttClientOptions options = link.Options;

        Assert.Equal("dev-01", options.ClientId);
        Assert.False(options.CleanSession);
        Assert.Equal(TimeSpan.FromSeconds(45), options.KeepAlivePeriod);
        Assert.Equal("dev-01", options.Credentials.GetUserName(options));
        Assert.Equal("secret", Encoding.UTF8.GetString(options.Credentials.GetPassword(options)));
        MqttClientTcpOptions tcp = Assert.IsType<MqttClientTcpOptions>(options.ChannelOptions);
        Assert.True(tcp.TlsOptions.UseTls);
        Assert.Equal("broker.example", tcp.TlsOptions.TargetHost);
        Assert.Equal("ec/v1/site1/dev-01/status", options.WillTopic);
        Assert.True(options.WillRetain);
        Assert.Equal("offline", Encoding.ASCII.GetString(options.WillPayload.ToArray()));
    }

    [Fact]
    public void Settings_WithoutTlsOrUser_ConnectPlainAndAnonymous()
    {
        using MqttNetLink link = new(Settings(1883));

        Assert.Null(link.Options.Credentials);
        Assert.False(Assert.IsType<MqttClientTcpOptions>(link.Options.ChannelOptions).TlsOptions.UseTls);
    }

    [Fact]
    public async Task TryConnect_AfterTheBrokerRestarts_ReconnectsTheSameLink_AndPublishesOnlineAgain()
    {
        await using InProcessBroker broker = await InProcessBroker.StartAsync();
        using MqttNetLink link = new(Settings(broker.Port));
        byte[] reading = "r"u8.ToArray();

        Assert.True(link.TryConnect());
        Assert.True(link.Publish("ec/v1/site1/dev-01/reading", reading, 1, false));
        await broker.StopAsync();
        Assert.False(link.Publish("ec/v1/site1/dev-01/reading", reading, 1, false));
        Assert.False(link.TryConnect());
        Assert.False(link.IsConnected);

        await broker.RestartAsync();

        Assert.True(await Reconnect.WithinAsync(link, TimeSpan.FromSeconds(10)));
        Assert.True(link.Publish("ec/v1/site1/dev-01/reading", reading, 1, false));
        Assert.Equal("online", await RetainedAsync(broker.Port, "ec/v1/site1/dev-01/status"));
    }

    [Fact]
    public async Task LostWithoutDisconnect_TheBrokerPublishesTheRetainedOfflineWill()
    {
        await using InProcessBroker broker = await InProcessBroker.StartAsync();
        MqttNetLink link = new(Settings(broker.Port));
        Assert.True(link.TryConnect());

        link.Dispose();

        string? status = null;
        for (int attempt = 0; attempt < 50 && status != "offline"; attempt++)
        {
            status = await RetainedAsync(broker.Port, "ec/v1/site1/dev-01/status");
            await Task.Delay(20);
        }

        Assert.Equal("offline", status);
    }

    private static async Task<string?> RetainedAsync(int port, string topic)
    {
        using IMqttClient client = new MqttClientFactory().CreateMqttClient();
        TaskCompletionSource<string> received = new(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ApplicationMessageReceivedAsync += message =>
        {
            received.TrySetResult(Encoding.ASCII.GetString(message.ApplicationMessage.Payload.ToArray()));
            return Task.CompletedTask;
        };
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("probe-" + Guid.NewGuid().ToString("N")[..8]).Build());
        await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(topic, MqttQualityOfServiceLevel.AtLeastOnce).Build());
        Task finished = await Task.WhenAny(received.Task, Task.Delay(1000));
        await client.DisconnectAsync();
        return finished == received.Task ? received.Task.Result : null;
    }
}
