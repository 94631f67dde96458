using EdgeController.Ledger;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeController.Gateway.Tests;

/// <summary>
/// The subscriber acknowledges a message only once the batch that holds it committed: when the
/// ledger cannot commit, the writer fails, nothing is acknowledged, and the next session with the
/// same client id receives every message again. (Verification runs as messages arrive and the
/// PUBACKs go out on their own thread; neither may acknowledge ahead of the commit.)
/// </summary>
public sealed class AcknowledgeAfterCommitTests : IDisposable
{
    private const int Readings = 40;
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task BuiltInBroker_AFailedCommit_AcknowledgesNothing_AndTheNextSessionGetsEveryMessage()
    {
        await using EdgeController.Simulator.InProcessBroker broker = await Task.Run(() => EdgeController.Simulator.InProcessBroker.StartAsync());
        await FailThenRecoverAsync(broker.Port);
    }

    [RequiresProgramFact("mosquitto")]
    public async Task Mosquitto_AFailedCommit_AcknowledgesNothing_AndTheNextSessionGetsEveryMessage()
    {
        using MosquittoBroker broker = MosquittoBroker.Start(_folder.Path);
        await FailThenRecoverAsync(broker.Port);
    }

    [Fact]
    public async Task BuiltInBroker_ThousandsInBatches_KeepArrivalOrder_AndEachIsAcknowledgedOnlyAfterItsCommit()
    {
        await using EdgeController.Simulator.InProcessBroker broker = await Task.Run(() => EdgeController.Simulator.InProcessBroker.StartAsync());
        await InOrderAndAcknowledgedAsync(broker.Port);
    }

    [RequiresProgramFact("mosquitto")]
    public async Task Mosquitto_ThousandsInBatches_KeepArrivalOrder_AndEachIsAcknowledgedOnlyAfterItsCommit()
    {
        // Debian's default lets 20 QoS 1 messages per client go unacknowledged: the writer's
        // batches never grow past that and waiting for more must not stall it.
        using MosquittoBroker broker = MosquittoBroker.Start(_folder.Path);
        await InOrderAndAcknowledgedAsync(broker.Port);
    }

    private async Task InOrderAndAcknowledgedAsync(int port)
    {
        const int perDevice = 1000;
        string[] devices = ["dev-a", "dev-b"];
        List<(string Device, long Seq)> published = [.. Enumerable.Range(1, perDevice).SelectMany(seq => devices.Select(device => (device, (long)seq)))];
        using LedgerDatabase ledger = LedgerDatabase.Open(_folder.File("ordered.db"));
        LedgerIngestor ingestor = new(SignedReadings.Registry(), ledger, () => 0);
        MqttLedgerSubscriber subscriber = new(ingestor, "127.0.0.1", port, "site1", "gateway-in-order");
        await subscriber.StartAsync(CancellationToken.None);
        bool acknowledgedAhead = false;
        using CancellationTokenSource watching = new();
        Task watcher = Task.Run(async () =>
        {
            while (!watching.IsCancellationRequested)
            {
                // Read in this order, a PUBACK ahead of its commit shows however the threads interleave.
                long acknowledged = subscriber.Acknowledged;
                acknowledgedAhead |= acknowledged > ingestor.Counters.Received;
                await Task.Yield();
            }
        });

        using (IMqttClient publisher = new MqttClientFactory().CreateMqttClient())
        {
            await publisher.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("devices-in-order").Build());
            foreach ((string device, long seq) in published)
            {
                await publisher.PublishAsync(new MqttApplicationMessageBuilder()
                    .WithTopic(SignedReadings.Topic(device)).WithPayload(SignedReadings.Reading(device, seq))
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
            }

            for (int waited = 0; subscriber.Acknowledged < published.Count && waited < 600; waited++)
            {
                await Task.Delay(100);
            }

            await watching.CancelAsync();
            await watcher;
            Assert.False(acknowledgedAhead, "a PUBACK went out before its batch committed");
            Assert.Equal(published.Count, subscriber.Acknowledged);
            Assert.Equal(published, EntriesOf(ledger));
            await subscriber.DisposeAsync();

            // Everything was acknowledged: a new session of the same gateway receives only what is new.
            await using MqttLedgerSubscriber next = new(ingestor, "127.0.0.1", port, "site1", "gateway-in-order");
            await next.StartAsync(CancellationToken.None);
            await publisher.PublishAsync(new MqttApplicationMessageBuilder()
                .WithTopic(SignedReadings.Topic("dev-a")).WithPayload(SignedReadings.Reading("dev-a", perDevice + 1))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
            for (int waited = 0; ledger.LastIndex < published.Count + 1 && waited < 300; waited++)
            {
                await Task.Delay(100);
            }

            Assert.Equal(published.Count + 1, ledger.LastIndex);
            Assert.Equal(0, ingestor.Counters.Duplicates);
        }
    }

    private static List<(string Device, long Seq)> EntriesOf(LedgerDatabase ledger)
    {
        using Microsoft.Data.Sqlite.SqliteConnection connection = new($"Data Source={ledger.Path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using Microsoft.Data.Sqlite.SqliteCommand query = connection.CreateCommand();
        query.CommandText = "SELECT dev, seq FROM ledger ORDER BY idx";
        using Microsoft.Data.Sqlite.SqliteDataReader reader = query.ExecuteReader();
        List<(string, long)> entries = [];
        while (reader.Read())
        {
            entries.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        return entries;
    }

    private async Task FailThenRecoverAsync(int port)
    {
        LedgerDatabase broken = LedgerDatabase.Open(_folder.File("broken.db"));
        LedgerIngestor failing = new(SignedReadings.Registry(), broken, () => 0);
        MqttLedgerSubscriber first = new(failing, "127.0.0.1", port, "site1", "gateway-under-test");
        await first.StartAsync(CancellationToken.None);
        broken.Dispose(); // every append from here on throws: no batch can commit

        await PublishAsync(port);
        using CancellationTokenSource limit = new(TimeSpan.FromSeconds(30));
        InvalidOperationException failure = await Assert.ThrowsAsync<InvalidOperationException>(() => first.RunAsync(limit.Token));
        Assert.Contains("the ledger writer failed", failure.Message, StringComparison.Ordinal);
        Assert.Equal(0, failing.Counters.Received);
        await Assert.ThrowsAnyAsync<Exception>(async () => await first.DisposeAsync());

        using LedgerDatabase ledger = LedgerDatabase.Open(_folder.File("ledger.db"));
        LedgerIngestor ingestor = new(SignedReadings.Registry(), ledger, () => 0);
        await using MqttLedgerSubscriber second = new(ingestor, "127.0.0.1", port, "site1", "gateway-under-test");
        await second.StartAsync(CancellationToken.None);
        for (int waited = 0; ingestor.Counters.Received < Readings && waited < 300; waited++)
        {
            await Task.Delay(100);
        }

        Assert.Equal(Readings, ingestor.Counters.Accepted);
        Assert.Equal(Enumerable.Range(1, Readings).Select(seq => (long)seq), SequencesOf(ledger));
    }

    private static IEnumerable<long> SequencesOf(LedgerDatabase ledger)
    {
        using Microsoft.Data.Sqlite.SqliteConnection connection = new($"Data Source={ledger.Path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using Microsoft.Data.Sqlite.SqliteCommand query = connection.CreateCommand();
        query.CommandText = "SELECT seq FROM ledger ORDER BY idx";
        using Microsoft.Data.Sqlite.SqliteDataReader reader = query.ExecuteReader();
        List<long> sequences = [];
        while (reader.Read())
        {
            sequences.Add(reader.GetInt64(0));
        }

        return sequences;
    }

    private static async Task PublishAsync(int port)
    {
        using IMqttClient publisher = new MqttClientFactory().CreateMqttClient();
        await publisher.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("device-under-test").Build());
        for (int seq = 1; seq <= Readings; seq++)
        {
            await publisher.PublishAsync(new MqttApplicationMessageBuilder()
                .WithTopic(SignedReadings.Topic("dev-a")).WithPayload(SignedReadings.Reading("dev-a", seq))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        }

        await publisher.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build());
    }
}
