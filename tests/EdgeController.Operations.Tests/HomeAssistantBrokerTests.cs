using System.Text.Json;
using EdgeController.Ledger;
using EdgeController.Ledger.HomeAssistant;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeController.Operations.Tests;

/// <summary>
/// Discovery and verified state through Debian's mosquitto, read back with mosquitto_sub as a
/// home automation would: only readings the ledger accepted change the state topic.
/// </summary>
public sealed class HomeAssistantBrokerTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [RequiresProgramFact("mosquitto", "mosquitto_sub")]
    public async Task ForgedReadingsNeverChangeTheStateOnlyVerifiedOnesDo()
    {
        using MosquittoBroker broker = MosquittoBroker.Start(_folder.Path);
        using LedgerDatabase ledger = LedgerDatabase.Open(_folder.File("site.db"));
        LedgerIngestor ingestor = new(SiteReadings.Registry(), ledger, () => SiteReadings.StartMilliseconds);
        await using HomeAssistantBridge bridge = new("127.0.0.1", broker.Port, "ha-test");
        bridge.Attach(ingestor);
        await using MqttLedgerSubscriber subscriber = new(ingestor, "127.0.0.1", broker.Port, "+", "gateway-test");
        using CancellationTokenSource stop = new();
        await subscriber.StartAsync(stop.Token);
        Task running = subscriber.RunAsync(stop.Token);
        using IMqttClient device = new MqttClientFactory().CreateMqttClient();
        await device.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.Port).WithClientId("dev-a").Build());

        await PublishAsync(device, SiteReadings.Reading("dev-a", 1, socPermille: 500));
        await WaitUntilAsync(() => bridge.StatesPublished == 1);
        JsonElement state = State(broker.Port);
        Assert.Equal(1, state.GetProperty("seq").GetInt64());
        Assert.Equal(50.0, state.GetProperty("soc_pct").GetDouble());

        string discovery = MosquittoSub(broker.Port, "homeassistant/sensor/#", count: 16, verbose: true);
        Assert.Contains("homeassistant/sensor/dev-a_soc_pct/config ", discovery);
        Assert.Contains("\"unique_id\":\"site1_dev-a_grid_fwd_kwh\"", discovery);

        // Forged: signed with a key the registry does not hold; a replay of seq 1 with other bytes;
        // and well-formed JSON with no signature at all. Each reaches the broker and the gateway.
        await PublishAsync(device, SiteReadings.Reading("dev-a", 2, socPermille: 990, key: SiteReadings.WrongKey));
        await PublishAsync(device, SiteReadings.Reading("dev-a", 1, socPermille: 10));
        await PublishAsync(device, System.Text.Encoding.ASCII.GetBytes("{\"v\":1,\"dev\":\"dev-a\",\"seq\":9,\"soc_permille\":1000}"));
        await WaitUntilAsync(() => ingestor.Counters.Received == 4);
        Assert.Equal(3, ingestor.Counters.Rejected);
        await Task.Delay(500); // the bridge publishes asynchronously: give a wrong publication its chance
        state = State(broker.Port);
        Assert.Equal(1, state.GetProperty("seq").GetInt64());
        Assert.Equal(50.0, state.GetProperty("soc_pct").GetDouble());
        Assert.Equal(1, bridge.StatesPublished);

        // The bridge is alive: the next verified reading does move the state.
        await PublishAsync(device, SiteReadings.Reading("dev-a", 3, socPermille: 612));
        await WaitUntilAsync(() => bridge.StatesPublished == 2);
        state = State(broker.Port);
        Assert.Equal(3, state.GetProperty("seq").GetInt64());
        Assert.Equal(61.2, state.GetProperty("soc_pct").GetDouble());
        await stop.CancelAsync();
        await running;
    }

    private static Task PublishAsync(IMqttClient client, byte[] payload) =>
        client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(SiteReadings.Topic("dev-a")).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

    private static JsonElement State(int port) =>
        JsonDocument.Parse(MosquittoSub(port, VerifiedState.Topic("site1", "dev-a"), count: 1, verbose: false)).RootElement.Clone();

    /// <summary>The retained messages on a filter, as mosquitto_sub prints them.</summary>
    private static string MosquittoSub(int port, string filter, int count, bool verbose)
    {
        List<string> arguments = ["-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-t", filter, "-C", count.ToString(System.Globalization.CultureInfo.InvariantCulture), "-W", "5"];
        if (verbose)
        {
            arguments.Add("-v");
        }

        ExternalProcess.Result result = ExternalProcess.Run(ExternalProcess.Find("mosquitto_sub")!, arguments, TimeSpan.FromSeconds(10));
        Assert.True(result.ExitCode == 0, $"mosquitto_sub: {result.ExitCode} {result.Error} {result.Output}");
        return result.Output;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (int i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition(), "timed out");
    }
}
