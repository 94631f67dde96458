using System.Text;
using EdgeController.Hal;
using EdgeController.Hal.Simulation.Mqtt;
using EdgeController.Simulator;
using MQTTnet;
using MQTTnet.Server;

namespace EdgeController.Telemetry.Tests;

/// <summary>
/// A session whose subscribe fails must not count as connected: the link would stay up but deaf to
/// the gateway's acks, and since the broker keeps the session (clean session off), every later
/// session would be deaf too. Seen as a drain that never finished after a broker restart.
/// </summary>
public sealed class MqttNetLinkSubscribeTests
{
    private const string CommandFilter = "ec/v1/site1/dev-01/cmd/#";

    [Fact]
    public async Task ASubscribeThatTimesOut_FailsTheAttempt_AndTheNextSessionSubscribesAgain()
    {
        int port = InProcessBroker.FreeLoopbackPort();
        using MqttServer server = new MqttServerFactory().CreateMqttServer(
            new MqttServerOptionsBuilder().WithDefaultEndpoint().WithDefaultEndpointBoundIPAddress(System.Net.IPAddress.Loopback).WithDefaultEndpointPort(port).Build());
        int stalled = 0;
        server.InterceptingSubscriptionAsync += async subscription =>
        {
            // The first SUBSCRIBE is answered only after the link gave up on it.
            if (Interlocked.Exchange(ref stalled, 1) == 0)
            {
                await Task.Delay(1500);
            }
        };
        await server.StartAsync();
        using MqttNetLink link = new(new MqttLinkSettings
        {
            Host = "127.0.0.1", Port = port, ClientId = "dev-01", StatusTopic = "ec/v1/site1/dev-01/status", OperationTimeoutMilliseconds = 500,
        });
        link.Subscribe(CommandFilter);

        Assert.False(link.TryConnect());
        Assert.False(link.IsConnected);
        await Task.Delay(1500); // the stalled SUBSCRIBE is done with on the broker's side
        Assert.True(await Reconnect.WithinAsync(link, TimeSpan.FromSeconds(10)));

        await server.InjectApplicationMessage(new InjectedMqttApplicationMessage(
            new MqttApplicationMessageBuilder().WithTopic("ec/v1/site1/dev-01/cmd/ack").WithPayload("ack").WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).Build()));
        Assert.Equal("ack", await ReceiveAsync(link, TimeSpan.FromSeconds(5)));
        await server.StopAsync(new MqttServerStopOptions());
    }

    private static async Task<string?> ReceiveAsync(MqttNetLink link, TimeSpan allowed)
    {
        byte[] buffer = new byte[64];
        DateTime until = DateTime.UtcNow + allowed;
        while (DateTime.UtcNow < until)
        {
            int length = link.TryReceive(buffer, out string topic);
            if (length >= 0)
            {
                return topic.EndsWith("/cmd/ack", StringComparison.Ordinal) ? Encoding.ASCII.GetString(buffer, 0, length) : null;
            }

            await Task.Delay(20);
        }

        return null;
    }
}
