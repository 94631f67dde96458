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
        Option<FileInfo?> gatewayKey = new("--gateway-key")
        {
            Description = "The gateway's own key file, which signs ledger checkpoints (created when missing; default: <ledger>.gateway-key.json).",
        };
        Option<int> checkpointSeconds = new("--checkpoint-every")
        {
            Description = "Seconds between signed checkpoints of the ledger head (published retained on ec/v1/<site>/ledger/head when --site names one site).",
            DefaultValueFactory = _ => 60,
        };
        Command command = new("run", "Subscribe to signed readings and events and append the authentic ones to the ledger.")
        {
            broker,
            keys,
            ledger,
            site,
            gatewayKey,
            checkpointSeconds,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            FileInfo ledgerFile = parseResult.GetRequiredValue(ledger);
            FileInfo keyFile = parseResult.GetValue(gatewayKey)
                ?? new FileInfo(Path.ChangeExtension(ledgerFile.FullName, null) + ".gateway-key.json");
            return RunAsync(parseResult.GetRequiredValue(broker), parseResult.GetRequiredValue(keys), ledgerFile,
                parseResult.GetRequiredValue(site), keyFile, TimeSpan.FromSeconds(Math.Max(1, parseResult.GetValue(checkpointSeconds))), cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(BrokerAddress broker, FileInfo keysFile, FileInfo ledgerFile, string site, FileInfo gatewayKeyFile,
        TimeSpan checkpointPeriod, CancellationToken cancellationToken)
    {
        KeyRegistry registry;
        GatewayKey gatewayKey;
        try
        {
            registry = KeyRegistry.Load(keysFile.FullName);
            gatewayKey = GatewayKey.LoadOrCreate(gatewayKeyFile.FullName);
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
        Task checkpoints = CheckpointLoopAsync(ledger, subscriber, gatewayKey, site, checkpointPeriod, cancellationToken);
        await subscriber.RunAsync(cancellationToken);
        await checkpoints;
        IngestCounters counters = ingestor.Counters;
        Console.WriteLine($"received {counters.Received}, accepted {counters.Accepted}, duplicates {counters.Duplicates}, rejected {counters.Rejected}; ledger head idx {ledger.LastIndex}");
        return 0;
    }

    /// <summary>Every period, when the ledger grew, signs and stores its head and publishes it retained.</summary>
    private static async Task CheckpointLoopAsync(LedgerDatabase ledger, MqttLedgerSubscriber subscriber, GatewayKey key, string site, TimeSpan period, CancellationToken cancellationToken)
    {
        long checkpointedIndex = -1;
        string gatewayId = "gateway-" + (site == "+" ? "all" : site);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(period, cancellationToken);
                if (ledger.LastIndex == checkpointedIndex)
                {
                    continue;
                }

                checkpointedIndex = ledger.LastIndex;
                byte[]? message = ledger.Checkpoint(gatewayId, key, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                if (message is not null && site != "+")
                {
                    await subscriber.PublishRetainedAsync(new EdgeController.Core.Telemetry.TopicNames(site, gatewayId).LedgerHead, message, cancellationToken);
                }

                // audit (issue 14): the public-key signed tree head beside the HMAC checkpoint.
                await EdgeController.Ledger.Audit.SignedHeadPublisher.SignAndPublishAsync(ledger, site, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), subscriber.PublishRetainedAsync, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }
}
