using EdgeController.Core.Composition;
using System.Buffers;
using System.Text;
using System.Text.Json;
using EdgeController.Simulator;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeController.Telemetry.Tests;

/// <summary>An outage longer than the device's flash holds: the oldest readings go, and the device says so.</summary>
public sealed class FullStoreTests
{
    [Fact]
    public async Task OutageLongerThanTheStore_DropsTheOldest_ReportsThemInOneEvent_AndTheLedgerRecordsTheSameGap()
    {
        await using SiteUnderTest site = await SiteUnderTest.StartAsync(1, reportPeriodMilliseconds: 1000);
        for (int second = 0; second < 60; second++)
        {
            site.Step(1000);
        }

        Assert.True(await site.WaitForGatewayAsync(TimeSpan.FromSeconds(60)));
        await site.Broker.StopAsync();
        // About what the flash budget holds: a reading with its log entry takes over 600 bytes.
        int storeReadings = DeviceSizing.ForEsp32().OutboxFlashBudgetBytes / 600;
        for (int second = 0; second < storeReadings + 1000; second++)
        {
            site.Step(1000);
        }

        await site.Broker.RestartAsync();
        List<string> events = [];
        using IMqttClient probe = new MqttClientFactory().CreateMqttClient();
        probe.ApplicationMessageReceivedAsync += message =>
        {
            lock (events)
            {
                events.Add(Encoding.ASCII.GetString(message.ApplicationMessage.Payload.ToArray()));
            }

            return Task.CompletedTask;
        };
        await probe.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", site.Broker.Port).WithClientId("probe").Build());
        await probe.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter("ec/v1/site1/+/event", MqttQualityOfServiceLevel.AtLeastOnce).Build());
        while (site.Broker.SubscriptionsSinceStart < 2)
        {
            await Task.Delay(10);
        }

        for (int second = 0; second < 600; second++)
        {
            site.Step(1000);
        }

        SimulatedDevice device = site.Devices[0];
        device.Flush();
        Assert.True(await site.WaitForGatewayAsync(TimeSpan.FromSeconds(120)));
        await Task.Delay(200);

        long dropped = device.ReadingsDropped;
        Assert.True(dropped >= 1000, $"dropped {dropped}");
        string message = Assert.Single(events);
        string payload = message[(message.IndexOf('|') + 1)..message.LastIndexOf('|')];
        JsonElement ev = JsonDocument.Parse(payload).RootElement;
        Assert.Equal("dropped", ev.GetProperty("ev").GetString());
        Assert.Equal(dropped, ev.GetProperty("n").GetInt64());
        Assert.Equal(61, ev.GetProperty("first").GetInt64());
        Assert.Equal(60 + dropped, ev.GetProperty("last").GetInt64());
        // The event takes the next seq of the device's one counter, after the readings it reports on,
        // and the ledger holds it with the readings: the only gap is the dropped readings.
        Assert.InRange(ev.GetProperty("seq").GetInt64(), 61 + dropped, device.Controller.LastSequence);
        (string deviceId, long firstMissing, long lastMissing) = Assert.Single(site.Gaps());
        Assert.Equal((SiteUnderTest.DeviceId(0), 61, 60 + dropped), (deviceId, firstMissing, lastMissing));
        Assert.Equal(device.Controller.LastSequence - dropped, site.LedgerSequences(deviceId).Count);
    }
}
