using System.CommandLine;
using System.Globalization;
using EdgeController.Ledger;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeController.Gateway;

/// <summary>
/// `tariff send`: signs a tariff with each device's command key: v1 from --prices (24 hourly
/// prices, UTC hours, microcurrencyPerKilowattHour, for a window) or v2 from --schedule FILE (up
/// to 144 slots of 15 or 60 minutes, import and optionally export prices, <see cref="TariffScheduleFile"/>), (kid cmd) and publishes it on ec/v1/&lt;site&gt;/&lt;dev&gt;/cmd/tariff,
/// to one device or to every device of the registry that has a command key. cmdseq comes from
/// the ledger's per-device, per-kind counter, so it never falls below what the gateway sent.
/// </summary>
internal static class TariffSendCommand
{
    public static Command Create()
    {
        Command tariff = new("tariff", "Tariff commands to devices.");
        tariff.Subcommands.Add(Send());
        return tariff;
    }

    private static Command Send()
    {
        Option<BrokerAddress> broker = GatewayOptions.Broker("The MQTT broker as host:port.", required: false);
        Option<FileInfo> ledger = GatewayOptions.LedgerFile("The gateway's ledger database, whose per-device cmdseq counters the tariff takes the next of.");
        Option<FileInfo?> keys = new("--keys") { Description = $"The key registry with each device's command key (default: {GatewayOptions.DefaultKeysHelp})." };
        Option<string> site = new("--site") { Description = "The devices' site id (topic ec/v1/<site>/<dev>/cmd/tariff).", Required = true };
        Option<string?> device = new("--device") { Description = "Only this device (default: every device with a command key in the registry)." };
        Option<string?> prices = new("--prices") { Description = "Tariff v1: 24 comma-separated prices, microcurrencyPerKilowattHour, for the UTC hours 0..23." };
        Option<FileInfo?> schedule = new("--schedule") { Description = "Tariff v2: a schedule file (.csv: time,import_price[,export_price]; .json: {from,step,import,export}), prices per kWh in currency units, up to 144 slots of 15 or 60 minutes." };
        Option<DateTimeOffset?> from = new("--from") { Description = "Start of validity (ISO 8601; default: now)." };
        Option<DateTimeOffset?> until = new("--until") { Description = "End of validity, exclusive (default: 24 h after --from; at most 36 h after it)." };
        GatewayOptions.BrokerLogin login = new();
        Command command = new("send", "Sign a tariff with each device's command key and publish it to one device or the whole site.")
        {
            broker, ledger, keys, site, device, prices, schedule, from, until,
        };
        login.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            try
            {
                string? pricesText = parseResult.GetValue(prices);
                FileInfo? scheduleFile = parseResult.GetValue(schedule);
                if ((pricesText is null) == (scheduleFile is null))
                {
                    throw new ArgumentException("give either --prices (tariff v1) or --schedule FILE (tariff v2)");
                }

                TariffScheduleFile? slots = scheduleFile is null ? null : TariffScheduleFile.Load(scheduleFile.FullName);
                long[] table = pricesText is null ? [] : ParsePrices(pricesText);
                DateTimeOffset start = parseResult.GetValue(from) ?? DateTimeOffset.UtcNow;
                DateTimeOffset end = parseResult.GetValue(until) ?? start.AddHours(24);
                if (slots is not null && (parseResult.GetValue(from) is not null || parseResult.GetValue(until) is not null))
                {
                    throw new ArgumentException("a schedule file sets its own window: no --from or --until with --schedule");
                }

                if (slots is null && (end <= start || end - start > TimeSpan.FromHours(36)))
                {
                    throw new ArgumentException("--until must lie after --from, by at most 36 h");
                }

                FileInfo ledgerFile = parseResult.GetRequiredValue(ledger);
                KeyRegistry registry = KeyRegistry.Load((parseResult.GetValue(keys) ?? GatewayOptions.DefaultKeysFile(ledgerFile)).FullName);
                string siteId = parseResult.GetRequiredValue(site);
                string? only = parseResult.GetValue(device);
                List<string> devices = only is not null ? [only] : registry.DeviceIds.Where(id => registry.CommandKeyOf(id) is not null).Order(StringComparer.Ordinal).ToList();
                BrokerConnection connection = login.Connection(parseResult, parseResult.GetRequiredValue(broker));
                using LedgerDatabase database = LedgerDatabase.Open(ledgerFile.FullName);
                List<(string DeviceId, string Topic, byte[] Message, long Cmdseq)> messages = [];
                foreach (string deviceId in devices)
                {
                    byte[] key = registry.CommandKeyOf(deviceId) ?? throw new ArgumentException($"{deviceId} has no command key (kid cmd) in the registry");
                    long cmdseq = database.NextCommandSequence(deviceId, Core.Commands.CommandKinds.Tariff, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                    string payload = slots is null
                        ? LedgerCommands.TariffPayload(deviceId, cmdseq, start.ToUnixTimeMilliseconds(), end.ToUnixTimeMilliseconds(), table)
                        : LedgerCommands.SchedulePayload(deviceId, cmdseq, slots.From.ToUnixTimeMilliseconds(), slots.StepMinutes, slots.Import, slots.Export);
                    messages.Add((deviceId, LedgerCommands.Topic(siteId, deviceId, Core.Commands.CommandKinds.Tariff), LedgerCommands.Seal(payload, key), cmdseq));
                }

                await PublishAsync(connection, messages, cancellationToken);
                foreach ((string deviceId, string topic, byte[] message, long cmdseq) in messages)
                {
                    Console.WriteLine($"sent dev={deviceId} topic={topic} cmdseq={cmdseq} version={(slots is null ? 1 : 2)} bytes={message.Length}");
                }

                return 0;
            }
            catch (Exception exception) when (exception is ArgumentException or KeyRegistryException or IOException or FormatException
                or MQTTnet.Exceptions.MqttCommunicationException or System.Net.Sockets.SocketException or System.Security.Authentication.AuthenticationException)
            {
                Console.Error.WriteLine($"error: {exception.Message}");
                return 2;
            }
        });
        return command;
    }

    private static long[] ParsePrices(string text)
    {
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != Core.Tariffs.TariffSchedule.HoursPerDay)
        {
            throw new ArgumentException($"--prices needs 24 prices, not {parts.Length}");
        }

        return parts.Select(part => long.Parse(part, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)).ToArray();
    }

    private static async Task PublishAsync(BrokerConnection connection, List<(string DeviceId, string Topic, byte[] Message, long Cmdseq)> messages, CancellationToken cancellationToken)
    {
        using IMqttClient client = new MqttClientFactory().CreateMqttClient();
        MqttClientOptionsBuilder builder = new MqttClientOptionsBuilder()
            .WithBroker(connection)
            .WithClientId($"ec-gateway-tariff-{Environment.ProcessId}")
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V311)
            .WithCleanSession(true);
        await client.ConnectAsync(builder.Build(), cancellationToken);
        foreach ((string deviceId, string topic, byte[] message, _) in messages)
        {
            MqttClientPublishResult result = await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(message)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), cancellationToken);
            if (!result.IsSuccess)
            {
                throw new IOException($"the broker refused the tariff for {deviceId}: {result.ReasonCode}");
            }
        }

        await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), cancellationToken);
    }
}
