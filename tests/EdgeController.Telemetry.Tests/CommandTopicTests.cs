using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using EdgeController.Core;
using EdgeController.Core.Commands;
using EdgeController.Core.Tariffs;
using EdgeController.Core.Telemetry;
using EdgeController.Hal;
using EdgeController.Hal.Simulation;
using EdgeController.Hal.Simulation.Mqtt;
using EdgeController.Hal.Simulation.Signing;
using EdgeController.Hal.Simulation.Storage;
using EdgeController.Simulator;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeController.Telemetry.Tests;

/// <summary>The gateway's signed tariff over a real broker to the device's cmd topic, also after a broker restart.</summary>
public sealed class CommandTopicTests
{
    private const long Now = 1_782_036_000_000;
    private static readonly byte[] s_gatewayKey = RandomNumberGenerator.GetBytes(32);

    private static byte[] SignedTariff(long cmdseq, long pricePerHour)
    {
        string prices = string.Join(",", Enumerable.Repeat(pricePerHour, 24));
        string payload = $"{{\"v\":1,\"dev\":\"dev-01\",\"cmdseq\":{cmdseq},\"from\":{Now},\"until\":{Now + 86_400_000},\"cmd\":\"tariff\",\"tou\":[{prices}]}}";
        string mac = Convert.ToHexStringLower(HMACSHA256.HashData(s_gatewayKey, Encoding.ASCII.GetBytes(payload)));
        return Encoding.ASCII.GetBytes($"EC1|{payload}|{{\"alg\":\"HS256\",\"kid\":\"gw1\",\"sig\":\"{mac}\"}}");
    }

    private static async Task PublishAsync(int port, string topic, byte[] message)
    {
        using IMqttClient gateway = new MqttClientFactory().CreateMqttClient();
        await gateway.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("gw-" + Guid.NewGuid().ToString("N")[..8]).Build());
        await gateway.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(message).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        await gateway.DisconnectAsync();
    }

    private static async Task<int> PollUntilAppliedAsync(CommandProcessor processor, IMqttInbox inbox)
    {
        Stopwatch waited = Stopwatch.StartNew();
        int applied = 0;
        while (applied == 0 && waited.Elapsed < TimeSpan.FromSeconds(5))
        {
            applied = processor.PollInbox(inbox, 4);
            await Task.Delay(10);
        }

        return applied;
    }

    [Fact]
    public async Task SimulatedDevice_AcceptingCommands_AppliesASignedTariff_AndIgnoresAForgedOne()
    {
        await using SiteUnderTest site = await SiteUnderTest.StartAsync(1, reportPeriodMilliseconds: 10_000);
        SimulatedDevice device = site.Devices[0];
        device.AcceptCommands(new HmacSha256Signer("gw1", s_gatewayKey));
        byte[] forged = SignedTariff(1, 5);
        forged[forged.Length - 5] = forged[forged.Length - 5] == (byte)'0' ? (byte)'1' : (byte)'0';
        site.Step(1000);
        Assert.True(device.Supervisor!.Connections >= 1);

        // Published after the device subscribed: a non-retained command sent to a device that
        // is offline is lost (the gateway should publish commands retained, see the report).
        await PublishAsync(site.Broker.Port, device.Topics.CommandOf("tariff"), forged);
        await PublishAsync(site.Broker.Port, device.Topics.CommandOf("tariff"), SignedTariff(1, 95_000));
        Stopwatch waited = Stopwatch.StartNew();
        while (device.Commands!.AcceptedCount == 0 && waited.Elapsed < TimeSpan.FromSeconds(5))
        {
            site.Step(1000);
            await Task.Delay(10);
        }

        Assert.Equal(1, device.Commands.RejectedCount(CommandRejection.BadSignature));
        Assert.Equal(1, device.Tariff.CommandSequence);
        Assert.Equal(95_000, device.Tariff.PriceForHour(0));
    }

    [Fact]
    public async Task SignedTariff_OnTheCmdTopic_ReachesDispatchsSchedule_BeforeAndAfterABrokerRestart()
    {
        await using InProcessBroker broker = await InProcessBroker.StartAsync();
        TopicNames topics = new("site1", "dev-01");
        using MqttNetLink link = new(new MqttLinkSettings { Host = "127.0.0.1", Port = broker.Port, ClientId = "dev-01", StatusTopic = topics.Status, OperationTimeoutMilliseconds = 10_000 });
        TariffSchedule schedule = new();
        CommandProcessor processor = new(new DeviceIdentity("site1", "dev-01"), new HmacSha256Signer("gw1", s_gatewayKey),
            new SimulatedClock(Now), new InMemoryNonVolatileStore(), schedule, topics);
        processor.Start();
        processor.Subscribe(link);
        Assert.True(link.TryConnect());

        await PublishAsync(broker.Port, topics.CommandOf("tariff"), SignedTariff(1, 120_000));
        Assert.Equal(1, await PollUntilAppliedAsync(processor, link));
        Assert.True(schedule.TryGetPriceAt(Now, out long price));
        Assert.Equal(120_000, price);

        await broker.RestartAsync();
        Stopwatch noticed = Stopwatch.StartNew();
        while (link.IsConnected && noticed.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(10);
        }

        Assert.True(await Reconnect.WithinAsync(link, TimeSpan.FromSeconds(10)));
        await PublishAsync(broker.Port, topics.CommandOf("tariff"), SignedTariff(1, 1));
        await PublishAsync(broker.Port, topics.CommandOf("tariff"), SignedTariff(2, 80_000));

        Assert.Equal(1, await PollUntilAppliedAsync(processor, link));
        Assert.Equal(1, processor.RejectedCount(CommandRejection.Replayed));
        Assert.True(schedule.TryGetPriceAt(Now, out price));
        Assert.Equal(80_000, price);
    }
}
