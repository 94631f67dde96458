using System.Diagnostics;
using EdgeController.Ledger;
using Microsoft.Data.Sqlite;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeController.Gateway.Tests;

/// <summary>
/// kill -9 of the gateway process in the middle of ingest, then a restart: the chain verifies,
/// nothing accepted is lost, nothing is in twice. Against both brokers the project uses. (Before
/// the gateway pinned MQTT 3.1.1 this lost every queued reading: MQTTnet's client defaults to
/// MQTT 5, whose session ends at disconnect unless it sets an expiry.)
/// </summary>
public sealed class GatewayCrashTests : IDisposable
{
    private const int ReadingsPerDevice = 1500;
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [RequiresProgramFact("mosquitto")]
    public async Task Mosquitto_KilledDuringIngest_RestartedGateway_HasEveryReadingExactlyOnce()
    {
        using MosquittoBroker broker = MosquittoBroker.Start(_folder.Path);
        await KillAndRestartDuringIngestAsync(broker.Port);
    }

    [Fact]
    public async Task BuiltInBroker_KilledDuringIngest_RestartedGateway_HasEveryReadingExactlyOnce()
    {
        // Started off xunit's synchronization context, so the broker never waits for the test's threads.
        await using EdgeController.Simulator.InProcessBroker broker = await Task.Run(() => EdgeController.Simulator.InProcessBroker.StartAsync());
        await KillAndRestartDuringIngestAsync(broker.Port);
    }

    private async Task KillAndRestartDuringIngestAsync(int brokerPort)
    {
        SignedReadings.Registry().Save(_folder.File("keys.json"));
        string ledgerPath = _folder.File("ledger.db");

        using (Process first = await StartGatewayAsync(brokerPort, ledgerPath))
        {
            Task publishing = Task.Run(() => PublishAllAsync(brokerPort));
            await WaitForEntriesAsync(ledgerPath, 400, TimeSpan.FromSeconds(60));
            first.Kill(entireProcessTree: true); // SIGKILL: no clean shutdown, no final acknowledgements
            await first.WaitForExitAsync();
            await publishing;
        }

        long afterCrash = CountEntries(ledgerPath);
        Assert.InRange(afterCrash, 400, (2 * ReadingsPerDevice) - 1);

        using (Process second = await StartGatewayAsync(brokerPort, ledgerPath))
        {
            await WaitForEntriesAsync(ledgerPath, 2 * ReadingsPerDevice, TimeSpan.FromSeconds(90));
            second.Kill(entireProcessTree: true);
            await second.WaitForExitAsync();
        }

        using SqliteConnection connection = new($"Data Source={ledgerPath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        foreach (string device in new[] { "dev-a", "dev-b" })
        {
            using SqliteCommand query = connection.CreateCommand();
            query.CommandText = "SELECT COUNT(*), COUNT(DISTINCT seq), MIN(seq), MAX(seq) FROM ledger WHERE dev = $dev";
            query.Parameters.AddWithValue("$dev", device);
            using SqliteDataReader reader = query.ExecuteReader();
            reader.Read();
            Assert.Equal([ReadingsPerDevice, ReadingsPerDevice, 1, ReadingsPerDevice], new[] { reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3) });
        }

        ChainVerification verification = LedgerChainVerifier.Verify(ledgerPath, SignedReadings.Registry());
        Assert.True(verification.IsValid, verification.Problem);
        Assert.Equal(2 * ReadingsPerDevice, verification.EntriesChecked);
    }

    private async Task<Process> StartGatewayAsync(int port, string ledgerPath)
    {
        ProcessStartInfo start = new("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "ec-gateway.dll"), "run", "--broker", $"127.0.0.1:{port}",
             "--keys", _folder.File("keys.json"), "--ledger", ledgerPath, "--site", "site1"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process = Process.Start(start)!;
        // The first line says the subscription is in place, so the broker queues for the
        // gateway's session from here on. Read on a worker thread: a blocking pipe read must
        // not hold one of the test runner's few threads while the broker needs them.
        string? line = await Task.Run(() => process.StandardOutput.ReadLine()).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(line is not null && line.StartsWith("gateway:", StringComparison.Ordinal), $"gateway did not start: {line}");
        _ = Task.Run(() => process.StandardOutput.ReadToEnd());
        _ = Task.Run(() => process.StandardError.ReadToEnd());
        return process;
    }

    private static async Task PublishAllAsync(int port)
    {
        using IMqttClient publisher = new MqttClientFactory().CreateMqttClient();
        await publisher.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("crash-test-publisher").Build());
        for (int seq = 1; seq <= ReadingsPerDevice; seq++)
        {
            foreach (string device in new[] { "dev-a", "dev-b" })
            {
                await publisher.PublishAsync(new MqttApplicationMessageBuilder()
                    .WithTopic(SignedReadings.Topic(device))
                    .WithPayload(SignedReadings.Reading(device, seq))
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                    .Build());
            }
        }

        await publisher.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build());
    }

    private static async Task WaitForEntriesAsync(string ledgerPath, long entries, TimeSpan timeout)
    {
        Stopwatch waited = Stopwatch.StartNew();
        while (CountEntries(ledgerPath) < entries)
        {
            Assert.True(waited.Elapsed < timeout, $"the ledger reached only {CountEntries(ledgerPath)} of {entries} entries in {timeout}");
            await Task.Delay(20);
        }
    }

    private static long CountEntries(string ledgerPath) => LedgerAssertions.CountEntries(ledgerPath);
}
