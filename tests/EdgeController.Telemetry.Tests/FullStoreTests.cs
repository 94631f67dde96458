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
        // The ledger's ack must have reached the device too: until then it keeps, and a full
        // budget would count as dropped, readings the ledger already holds.
        SimulatedDevice first = site.Devices[0];
        long firstMinute = first.Controller.LastSequence;
        System.Diagnostics.Stopwatch waited = System.Diagnostics.Stopwatch.StartNew();
        while (first.Outbox.AcknowledgedThroughSequence < firstMinute)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "no ack covered the first minute");
            site.Step(1000);
            await Task.Delay(20);
        }

        Assert.True(await site.WaitForGatewayAsync(TimeSpan.FromSeconds(60)));
        long atStop = first.Controller.LastSequence;
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
        // The first event reports the outage's drop: the oldest readings, from the first one the
        // broker never took. While the device then drains a full budget it may have to drop again
        // (in the ledger's release mode a published reading stays until the ack covers it), and
        // each such drop is its own event: together they report every reading dropped.
        List<JsonElement> reports = events.Select(Payload).ToList();
        Assert.All(reports, report => Assert.Equal("dropped", report.GetProperty("ev").GetString()));
        JsonElement outage = reports[0];
        long outageFirst = outage.GetProperty("first").GetInt64();
        Assert.InRange(outageFirst, firstMinute + 1, atStop + 1);
        Assert.Equal(dropped, reports.Sum(report => report.GetProperty("n").GetInt64()));
        // Each event takes the next seq of the device's one counter, after the readings it reports on.
        Assert.InRange(outage.GetProperty("seq").GetInt64(), outage.GetProperty("last").GetInt64() + 1, device.Controller.LastSequence);
        // The ledger recorded the outage's gap, and holds every other seq: only reported readings are missing.
        (string deviceId, long firstMissing, long lastMissing) = site.Gaps()[0];
        // The event may start a little below the gap: readings the broker took just before it
        // stopped reached the ledger, but no ack covered them yet, so the device counted them.
        Assert.Equal(SiteUnderTest.DeviceId(0), deviceId);
        Assert.InRange(firstMissing, outageFirst, atStop + 1);
        Assert.Equal(outage.GetProperty("last").GetInt64(), lastMissing);
        HashSet<long> held = site.LedgerSequences(deviceId).ToHashSet();
        for (long seq = 1; seq <= device.Controller.LastSequence; seq++)
        {
            Assert.True(held.Contains(seq) || reports.Any(r => seq >= r.GetProperty("first").GetInt64() && seq <= r.GetProperty("last").GetInt64()),
                $"seq {seq} is neither in the ledger nor reported dropped");
        }
    }

    private static JsonElement Payload(string message) =>
        JsonDocument.Parse(message[(message.IndexOf('|') + 1)..message.LastIndexOf('|')]).RootElement;
}
