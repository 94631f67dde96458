using System.CommandLine;
using EdgeController.Ledger;

namespace EdgeController.Gateway;

/// <summary>`run`: subscribes to the readings and appends the verified ones to the ledger until Ctrl+C.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        Option<BrokerAddress> broker = GatewayOptions.Broker("The MQTT broker as host:port.", required: false);
        Option<FileInfo> keys = GatewayOptions.KeysFile("The device key registry (JSON, written by provisioning).", required: true);
        Option<FileInfo> ledger = GatewayOptions.LedgerFile("The ledger database (SQLite); created when missing.");
        Option<string> site = new("--site")
        {
            Description = "Only this site's readings ('+' for every site).",
            DefaultValueFactory = _ => "+",
        };
        Command command = new("run", "Subscribe to signed readings and append the authentic ones to the ledger.")
        {
            broker,
            keys,
            ledger,
            site,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult.GetRequiredValue(broker), parseResult.GetRequiredValue(keys), parseResult.GetRequiredValue(ledger),
            parseResult.GetRequiredValue(site), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(BrokerAddress broker, FileInfo keysFile, FileInfo ledgerFile, string site, CancellationToken cancellationToken)
    {
        KeyRegistry registry;
        try
        {
            registry = KeyRegistry.Load(keysFile.FullName);
        }
        catch (KeyRegistryException exception)
        {
            Console.Error.WriteLine($"error: {exception.Message}");
            return 2;
        }

        using LedgerDatabase ledger = LedgerDatabase.Open(ledgerFile.FullName);
        LedgerIngestor ingestor = new(registry, ledger, () => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        await using MqttLedgerSubscriber subscriber = new(ingestor, broker.Host, broker.Port, site, $"ec-gateway-{Environment.MachineName}");
        try
        {
            await subscriber.StartAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is MQTTnet.Exceptions.MqttCommunicationException or System.Net.Sockets.SocketException)
        {
            Console.Error.WriteLine($"error: cannot reach the broker at {broker}: {exception.Message}");
            return 3;
        }

        Console.WriteLine($"gateway: {broker} -> {ledgerFile.FullName}, {registry.DeviceIds.Count} devices known; Ctrl+C to stop");
        await subscriber.RunAsync(cancellationToken);
        IngestCounters counters = ingestor.Counters;
        Console.WriteLine($"received {counters.Received}, accepted {counters.Accepted}, duplicates {counters.Duplicates}, rejected {counters.Rejected}; ledger head idx {ledger.LastIndex}");
        return 0;
    }
}
