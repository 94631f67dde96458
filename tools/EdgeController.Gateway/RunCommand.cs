using System.CommandLine;
using EdgeController.Ledger;
using Microsoft.Extensions.Logging;

namespace EdgeController.Gateway;

/// <summary>
/// `run`: subscribes to the readings and appends the verified ones to the ledger until Ctrl+C;
/// tells each device what the ledger holds (retained signed cmd/ack) and asks for what it misses
/// (signed cmd/resend); signs checkpoints. Waits for a broker that is not up yet. Logs on stderr.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        Option<BrokerAddress> broker = GatewayOptions.Broker("The MQTT broker as host:port.", required: false);
        Option<FileInfo?> keys = new("--keys") { Description = $"The device key registry (JSON, written by provisioning; default: {GatewayOptions.DefaultKeysHelp})." };
        Option<FileInfo> ledger = GatewayOptions.LedgerFile("The ledger database (SQLite); created when missing.");
        Option<string> site = new("--site")
        {
            Description = "Only this site's readings ('+' for every site).",
            DefaultValueFactory = _ => "+",
        };
        Option<FileInfo?> gatewayKey = new("--gateway-key")
        {
            Description = $"The gateway's own key file, which signs ledger checkpoints (created when missing; default: {GatewayOptions.DefaultGatewayKeyHelp}).",
        };
        Option<int> checkpointSeconds = new("--checkpoint-every")
        {
            Description = "Seconds between signed checkpoints of the ledger head (published retained on ec/v1/<site>/ledger/head when --site names one site).",
            DefaultValueFactory = _ => 60,
        };
        Option<bool> verbose = new("--verbose") { Description = "Also log every ack sent (debug level)." };
        Option<bool> noHomeAssistant = HomeAssistantOption.Create(); // issue 15
        Option<FileInfo?> market = new("--market")
        {
            Description = "Run the site's local energy market from this settings file (JSON: scheme, slot_minutes, gate_seconds, ahead_hours, import, feedin, import_by_utc_hour, rated_w; docs/market.md). Needs --site naming one site.",
        };
        GatewayOptions.BrokerLogin login = new();
        Command command = new("run", "Subscribe to signed readings and events, append the authentic ones to the ledger, and acknowledge them to the devices.")
        {
            broker,
            keys,
            ledger,
            site,
            gatewayKey,
            checkpointSeconds,
            verbose,
            noHomeAssistant,
            market,
        };
        login.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            FileInfo ledgerFile = parseResult.GetRequiredValue(ledger);
            using ILoggerFactory logs = GatewayLog.Create(parseResult.GetValue(verbose) ? LogLevel.Debug : LogLevel.Information);
            ILogger logger = logs.CreateLogger("ec-gateway");
            BrokerConnection connection;
            try
            {
                connection = login.Connection(parseResult, parseResult.GetRequiredValue(broker));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
            {
                logger.LogError("cannot read the broker login: {Reason}", exception.Message);
                return 2;
            }

            FileInfo? marketFile = parseResult.GetValue(market);
            EdgeController.Ledger.Market.MarketSiteConfig? marketConfig = null;
            if (marketFile is not null)
            {
                if (parseResult.GetRequiredValue(site) == "+")
                {
                    logger.LogError("--market needs --site naming the one site whose market it runs");
                    return 2;
                }

                try
                {
                    marketConfig = EdgeController.Ledger.Market.MarketSiteConfig.Load(marketFile.FullName);
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
                {
                    logger.LogError("cannot read the market settings {File}: {Reason}", marketFile.FullName, exception.Message);
                    return 2;
                }
            }

            RunSettings settings = new(connection, parseResult.GetValue(keys) ?? GatewayOptions.DefaultKeysFile(ledgerFile), ledgerFile,
                parseResult.GetRequiredValue(site), parseResult.GetValue(gatewayKey) ?? GatewayOptions.DefaultGatewayKeyFile(ledgerFile),
                TimeSpan.FromSeconds(Math.Max(1, parseResult.GetValue(checkpointSeconds))), parseResult.GetValue(noHomeAssistant))
            {
                Market = marketConfig,
            };
            return await RunAsync(settings, logs, cancellationToken);
        });
        return command;
    }

    private sealed record RunSettings(BrokerConnection Broker, FileInfo KeysFile, FileInfo LedgerFile, string Site, FileInfo GatewayKeyFile, TimeSpan CheckpointPeriod, bool NoHomeAssistant)
    {
        /// <summary>The market's settings (--market), or null: no market.</summary>
        public EdgeController.Ledger.Market.MarketSiteConfig? Market { get; init; }
    }

    private static async Task<int> RunAsync(RunSettings settings, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        ILogger logger = logs.CreateLogger("ec-gateway");
        KeyRegistry registry;
        GatewayKey gatewayKey;
        try
        {
            registry = KeyRegistry.Load(settings.KeysFile.FullName);
            gatewayKey = GatewayKey.LoadOrCreate(settings.GatewayKeyFile.FullName);
        }
        catch (KeyRegistryException exception)
        {
            logger.LogError("{Reason}", exception.Message);
            return 2;
        }

        using LedgerDatabase ledger = LedgerDatabase.Open(settings.LedgerFile.FullName);
        LedgerIngestor ingestor = new(registry, ledger, () => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        RejectionLog rejections = new(logs.CreateLogger("ec-gateway.reject"), () => Environment.TickCount64);
        ILogger gapLogger = logs.CreateLogger("ec-gateway.gaps");
        ingestor.MessageRejected = rejections.Rejected;
        ingestor.GapsChanged = changes => LogGapChanges(gapLogger, ledger, changes);
        // Home Assistant (issue 15): discovery and state from what the ledger committed, nothing else.
        await using EdgeController.Ledger.HomeAssistant.HomeAssistantBridge? homeAssistant = HomeAssistantOption.Start(settings.NoHomeAssistant, settings.Broker, ingestor, GatewayClientId.HomeAssistant(settings.Site, Environment.MachineName), logs.CreateLogger("ec-gateway.homeassistant"));
        await using MqttLedgerSubscriber subscriber = new(ingestor, settings.Broker, settings.Site, GatewayClientId.Subscriber(settings.Site, Environment.MachineName), logs.CreateLogger("ec-gateway.mqtt"));
        logger.LogInformation("gateway: {Broker} -> {Ledger}, {Devices} devices known, head idx {Head}; Ctrl+C to stop",
            settings.Broker, settings.LedgerFile.FullName, registry.DeviceIds.Count, ledger.LastIndex);
        // The one line of output before the summary: scripts and tests wait for it to know the
        // broker queues for the gateway's session from here on.
        _ = subscriber.Subscribed.ContinueWith(
            _ => Console.WriteLine($"gateway: subscribed {settings.Broker} -> {settings.LedgerFile.FullName}, {registry.DeviceIds.Count} devices known"),
            CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        LedgerCommandPublisher commands = new(ledger, registry, deviceId => settings.Site != "+" ? settings.Site : subscriber.SiteOf(deviceId));
        Task checkpoints = CheckpointLoopAsync(ledger, subscriber, gatewayKey, settings.Site, settings.CheckpointPeriod, logs.CreateLogger("ec-gateway.checkpoint"), cancellationToken);
        Task acknowledgements = LedgerCommandLoop.RunAsync(commands, subscriber, () => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            logs.CreateLogger("ec-gateway.cmd"), rejections.Flush, cancellationToken);
        // The local energy market (issue 13): its records in the same ledger, through the same session.
        Task market = settings.Market is null ? Task.CompletedTask : MarketRunLoop.RunAsync(ledger, settings.Market, gatewayKey,
            new EdgeController.Ledger.Market.RegistryAwardSigner(registry), new EdgeController.Ledger.Market.MqttMarketPublisher(subscriber), settings.Site,
            () => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), logs.CreateLogger("ec-gateway.market"), cancellationToken);
        try
        {
            await subscriber.RunAsync(cancellationToken);
        }
        catch (InvalidOperationException exception)
        {
            logger.LogCritical("{Reason}", exception.Message);
            return 4;
        }

        await checkpoints;
        await acknowledgements;
        await market;
        IngestCounters counters = ingestor.Counters;
        Console.WriteLine($"received {counters.Received}, accepted {counters.Accepted}, duplicates {counters.Duplicates}, rejected {counters.Rejected}; ledger head idx {ledger.LastIndex}");
        return 0;
    }

    /// <summary>One line per gap opened, per device's fills of a batch, per range closed as lost.</summary>
    private static void LogGapChanges(ILogger logger, LedgerDatabase ledger, IReadOnlyList<GapChange> changes)
    {
        foreach (GapChange change in changes.Where(change => change.Kind == GapChangeKind.Opened))
        {
            logger.LogWarning("gap opened dev={Device} seq={First}..{Last} missing={Missing}", change.DeviceId, change.First, change.Last, change.Last - change.First + 1);
        }

        foreach (IGrouping<string, GapChange> fills in changes.Where(change => change.Kind == GapChangeKind.Filled).GroupBy(change => change.DeviceId))
        {
            IReadOnlyList<(string DeviceId, long First, long Last)> open = ledger.OpenGaps(fills.Key);
            logger.LogInformation("gap filled dev={Device} seqs={Count} ({First}..{Last}) still_missing={Missing} hw={Mark}", fills.Key, fills.Count(),
                fills.Min(fill => fill.First), fills.Max(fill => fill.Last), open.Sum(gap => gap.Last - gap.First + 1), ledger.HighWaterMark(fills.Key));
        }

        foreach (GapChange change in changes.Where(change => change.Kind == GapChangeKind.Lost))
        {
            logger.LogWarning("gap closed as lost dev={Device} seq={First}..{Last} (the device's signed dropped event)", change.DeviceId, change.First, change.Last);
        }
    }

    /// <summary>Every second: the acks and resends that are due, and the rejections the rate limit held back.</summary>
    /// <summary>Every period, when the ledger grew, signs and stores its head and publishes it retained.</summary>
    private static async Task CheckpointLoopAsync(LedgerDatabase ledger, MqttLedgerSubscriber subscriber, GatewayKey key, string site, TimeSpan period, ILogger logger, CancellationToken cancellationToken)
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
                if (message is null)
                {
                    continue;
                }

                bool published = site != "+" && await subscriber.PublishRetainedAsync(new EdgeController.Core.Telemetry.TopicNames(site, gatewayId).LedgerHead, message, cancellationToken);
                logger.LogInformation("checkpoint stored up to idx={Index} published={Published}", checkpointedIndex, published);
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
