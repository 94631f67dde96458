using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using EdgeController.Core;
using EdgeController.Ledger;
using Spectre.Console;

namespace EdgeController.Simulator;

/// <summary>The simulator's command line: options, their validation, and the summary table.</summary>
public static class SimulatorCommand
{
    /// <summary>Builds the root command.</summary>
    public static RootCommand Create()
    {
        Option<int> devices = new("--devices") { Description = "Number of simulated devices (1..10000).", DefaultValueFactory = _ => 3 };
        devices.Validators.Add(result =>
        {
            int count = result.GetValueOrDefault<int>();
            if (count is < 1 or > 10_000)
            {
                result.AddError($"--devices must be 1..10000, not {count}");
            }
        });
        Option<TimeSpan> duration = DurationOption("--duration", "Simulated time to run, e.g. 10m, 2h, 1d.", "10m");
        Option<TimeSpan> tick = DurationOption("--tick", "Each device's loop period in simulated time.", "1s");
        Option<TimeSpan> reportPeriod = DurationOption("--report-period", "Each device's reading period in simulated time.", "10s");
        Option<FileInfo> ledger = new("--ledger") { Description = "The gateway's ledger (SQLite file).", DefaultValueFactory = _ => new FileInfo("site.db") };
        Option<FileInfo?> keys = new("--keys") { Description = "The key registry to write (default: the ledger's path without its extension + .keys.json, e.g. site.db: site.keys.json)." };
        Option<DirectoryInfo?> state = new("--state") { Description = "Folder of the devices' simulated flash (default: the ledger's path without its extension + .devices, e.g. site.db: site.devices)." };
        Option<BrokerAddress?> broker = new("--broker")
        {
            Description = "Use an external MQTT broker at host:port instead of the built-in one.",
            CustomParser = ParseBroker,
        };
        Option<string> site = new("--site") { Description = "Site id in the topics.", DefaultValueFactory = _ => "site1" };
        site.Validators.Add(result =>
        {
            string? value = result.GetValueOrDefault<string>();
            if (!Identifiers.IsValid(value))
            {
                result.AddError($"--site must be 1..32 of [A-Za-z0-9_-], not '{value}'");
            }
        });
        Option<int> seed = new("--seed") { Description = "Seed of the simulated weather and load.", DefaultValueFactory = _ => 1 };
        Option<FileInfo?> board = new("--board") { Description = "Simulate your own board: a board config (JSON) checked by the firmware's loader; default board-configs/simulator.json." };
        Option<bool> market = new("--market")
        {
            Description = "A community that trades in the local energy market: the devices differ by PV, battery and load (docs/market.md), post orders and follow awards; "
                + "the built-in gateway clears and settles. Writes the gateway's market settings to <ledger>.market.json for `ec-gateway run --market` (with --no-gateway).",
        };
        Option<bool> dayAhead = new("--day-ahead")
        {
            Description = "Day-ahead prices: the built-in gateway publishes seeded 15-minute import and export prices as signed tariff commands, "
                + "a minute after the start and each day at 13:00 UTC for the rest of that day and the next; the devices' dispatch follows them.",
        };
        Option<bool> noGateway = new("--no-gateway") { Description = "Devices only, against --broker: the gateway (ec-gateway run) is another process." };
        Option<double?> pace = new("--pace") { Description = "Simulated seconds per wall-clock second (default: as fast as possible)." };
        pace.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is double value && !(value > 0 && double.IsFinite(value)))
            {
                result.AddError($"--pace must be a positive number of simulated seconds per second, not {value}");
            }
        });
        Option<TimeSpan?> drain = new("--drain")
        {
            Description = "After --duration, keep the devices running and answering the gateway until every reading left their flash, or for at most this wall-clock time, e.g. 2m.",
            CustomParser = result =>
            {
                string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (DurationText.TryParse(text, out TimeSpan value, out string error))
                {
                    return value;
                }

                result.AddError($"--drain: {error}");
                return null;
            },
        };
        Option<DateTimeOffset> start = new("--start")
        {
            Description = "Simulated UTC start time (ISO 8601).",
            DefaultValueFactory = _ => new DateTimeOffset(2026, 6, 21, 10, 0, 0, TimeSpan.Zero),
        };

        RootCommand root = new("EdgeController simulator: devices running the firmware's Core on simulated hardware, a real MQTT broker and the gateway's ledger.")
        {
            devices, duration, tick, reportPeriod, ledger, keys, state, broker, site, seed, start, noGateway, pace, drain, board, market, dayAhead,
            BenchIngestCommand(),
        };
        root.Subcommands.Add(ConsoleCommand.Create());
        root.SetAction(async (parseResult, cancellationToken) =>
        {
            FileInfo ledgerFile = parseResult.GetRequiredValue(ledger);
            string ledgerBase = Path.Combine(ledgerFile.DirectoryName ?? ".", Path.GetFileNameWithoutExtension(ledgerFile.Name));
            TimeSpan tickValue = parseResult.GetValue(tick);
            TimeSpan reportValue = parseResult.GetValue(reportPeriod);
            if (reportValue < tickValue)
            {
                Console.Error.WriteLine("error: --report-period must not be shorter than --tick");
                return 2;
            }

            EdgeController.Core.Config.BoardConfig? boardConfig = null;
            if (parseResult.GetValue(board) is FileInfo boardFile)
            {
                if (!SimulatedBoard.TryLoad(boardFile.FullName, out boardConfig, out string[] errors))
                {
                    foreach (string error in errors)
                    {
                        Console.Error.WriteLine($"error: {boardFile.FullName}: {error}");
                    }

                    return 2;
                }
            }

            SimulationOptions options = new()
            {
                Devices = parseResult.GetValue(devices),
                Duration = parseResult.GetValue(duration),
                Tick = tickValue,
                ReportPeriod = reportValue,
                LedgerPath = ledgerFile.FullName,
                KeysPath = parseResult.GetValue(keys)?.FullName ?? ledgerBase + ".keys.json",
                DeviceStateFolder = parseResult.GetValue(state)?.FullName ?? ledgerBase + ".devices",
                Broker = parseResult.GetValue(broker),
                Site = parseResult.GetRequiredValue(site),
                Seed = parseResult.GetValue(seed),
                Start = parseResult.GetValue(start),
                RunGateway = !parseResult.GetValue(noGateway),
                Pace = parseResult.GetValue(pace),
                Drain = parseResult.GetValue(drain),
                Board = boardConfig,
                Market = parseResult.GetValue(market),
                DayAhead = parseResult.GetValue(dayAhead),
            };
            if (options.Market && options.Board is not null)
            {
                Console.Error.WriteLine("error: --market builds each member's board from the community generator; it cannot take --board");
                return 2;
            }
            if (options.DayAhead && !options.RunGateway)
            {
                Console.Error.WriteLine("error: --day-ahead is the built-in gateway's; with --no-gateway, `ec-gateway tariff send --schedule FILE` publishes the prices");
                return 2;
            }

            if (!options.RunGateway && options.Broker is null)
            {
                Console.Error.WriteLine("error: --no-gateway needs --broker HOST:PORT (the broker the gateway process reads)");
                return 2;
            }

            return await RunAsync(options, cancellationToken);
        });
        return root;
    }

    private static async Task<int> RunAsync(SimulationOptions options, CancellationToken cancellationToken)
    {
        AnsiConsole.MarkupLine($"[bold]EdgeController simulator[/]: {options.Devices} devices, {options.Duration} simulated, ledger [blue]{Markup.Escape(options.LedgerPath)}[/]");
        SimulationSummary summary;
        try
        {
            summary = await SimulationRun.RunAsync(options, cancellationToken);
        }
        catch (Exception exception) when (exception is KeyRegistryException or InvalidOperationException or IOException or MQTTnet.Exceptions.MqttCommunicationException or System.Net.Sockets.SocketException)
        {
            AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(exception.Message)}");
            return 3;
        }

        Print(summary, options);
        // The devices' run is the job: it succeeded when they ran their duration, with or
        // without a gateway; what the gateway made of it is in the summary and its own log.
        return summary.RanDuration ? 0 : 1;
    }

    private static string Money(long nanocurrency) => (nanocurrency / 1e9).ToString("F3", CultureInfo.InvariantCulture);

    /// <summary>The community and the market's figures (--market): members, then orders, clearing, awards, settlement and the community's cost.</summary>
    private static void PrintMarket(SimulationSummary summary, SimulationOptions options)
    {
        if (summary.Community is IReadOnlyList<CommunityMember> community)
        {
            Table members = new Table().Title("Community (the generator of docs/market.md)").AddColumns("device", "pv peak", "battery", "load base", "rated");
            for (int i = 0; i < community.Count; i++)
            {
                CommunityMember member = community[i];
                members.AddRow(summary.Devices[i].DeviceId, Invariant((long)member.PvPeakWatts) + " W", member.HasBattery ? Invariant(member.BatteryAmpHours) + " Ah" : "none",
                    Invariant((long)member.LoadBaseWatts) + " W", Invariant(member.RatedWatts) + " W");
            }

            AnsiConsole.Write(members);
            Console.WriteLine($"market settings     {options.MarketSettingsFile}");
        }

        if (summary.Market is not EdgeController.Ledger.Market.MarketRunSummary market)
        {
            return;
        }

        // One key=value line each, for scripts and tests.
        Console.WriteLine($"market_orders={market.Orders}");
        Console.WriteLine($"market_slots_cleared={market.SlotsCleared}");
        Console.WriteLine($"market_slots_with_trade={market.SlotsWithTrade}");
        Console.WriteLine($"market_traded_wh={market.TradedWattHours}");
        Console.WriteLine($"market_awards={market.Awards}");
        Console.WriteLine($"market_rejected={string.Join(",", market.RejectedByReason.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key}:{r.Value}"))}");
        Console.WriteLine($"market_settlements={market.Settlements} (corrections {market.Corrections}) over {market.SlotsSettled} slots");
        Console.WriteLine($"market_settled_market={Money(market.SettledMarketNanocurrency)} market_settled_deviation={Money(market.SettledDeviationNanocurrency)}");
        Console.WriteLine($"community_cost_market={Money(market.CommunityCostNanocurrency)} community_cost_alone={Money(market.CommunityCostAloneNanocurrency)} (settled slots, currency; alone = the same flows at the grid's prices)");
    }

    private static string Percent(double percent) => percent.ToString("F1", CultureInfo.InvariantCulture) + " %";

    private static string WattHours(double wattHours) => wattHours.ToString("F0", CultureInfo.InvariantCulture) + " Wh";

    private static void Print(SimulationSummary summary, SimulationOptions options)
    {
        Table table = new Table().Title("Devices").AddColumns("device", "boot", "sent", "accepted", "queued", "dropped", "resent", "last seq");
        foreach (DeviceSummary device in summary.Devices)
        {
            table.AddRow(device.DeviceId, Invariant(device.BootCount), Invariant(device.ReadingsSent), Invariant(device.AcceptedThisRun),
                Invariant(device.ReadingsQueued), Invariant(device.ReadingsDropped), Invariant(device.Resent), Invariant(device.LastSequence));
        }

        table.AddRow("[bold]all[/]", "", Invariant(summary.Devices.Sum(d => d.ReadingsSent)), Invariant(summary.Accepted), "", "",
            Invariant(summary.Devices.Sum(d => d.Resent)), "");
        AnsiConsole.Write(table);
        // Short headers: the table must fit an 80-column terminal.
        Table sites = new Table().Title("Sites: the firmware's SOC beside the pack's, grid energy, curtailed PV")
            .AddColumns("device", "soc fw", "soc pack", "import", "export", "curtailed", "faults");
        foreach (DeviceSummary device in summary.Devices)
        {
            DeviceEnergySummary energy = device.Energy;
            sites.AddRow(device.DeviceId, Percent(energy.EstimatedSocPercent), Percent(energy.PackSocPercent), WattHours(energy.GridImportWattHours),
                WattHours(energy.GridExportWattHours), WattHours(energy.CurtailedWattHours), Markup.Escape(energy.ProtectionFaults));
        }

        AnsiConsole.Write(sites);
        Grid totals = new Grid().AddColumn().AddColumn();
        totals.AddRow("broker", Markup.Escape(summary.BrokerDescription));
        if (!summary.RanGateway)
        {
            totals.AddRow("gateway", "another process (--no-gateway)");
        }

        if (!summary.Drained)
        {
            totals.AddRow("drain", "[yellow]--drain ran out with readings still on the devices' flash (see queued)[/]");
        }

        if (summary.RanGateway)
        {
            totals.AddRow("gateway received", Invariant(summary.Received));
            totals.AddRow("accepted", Invariant(summary.Accepted));
            totals.AddRow("duplicates dropped", Invariant(summary.Duplicates));
            totals.AddRow("rejected", summary.Rejected == 0 ? "0" : $"[red]{summary.Rejected}[/]");
            totals.AddRow("ledger entries", Invariant(summary.LedgerEntries));
        }

        totals.AddRow("key registry", Markup.Escape(options.KeysPath));
        totals.AddRow("wall time", $"{summary.WallTime.TotalSeconds:F1} s");
        TimelineProfile timeline = summary.Timeline;
        totals.AddRow("device ticks/s", Invariant((long)timeline.DeviceTicksPerSecond) + $" ({Invariant(timeline.DeviceTicks)} ticks in {timeline.LoopWallTime.TotalSeconds:F1} s of loop)");
        totals.AddRow("loop time split", Markup.Escape(
            $"physics {timeline.PhysicsTime.TotalSeconds:F1} s, tick {timeline.ControlTime.TotalSeconds:F1} s, broker publish {timeline.CommunicationTime.TotalSeconds:F1} s, " +
            $"flash (within those) {timeline.FlashTime.TotalSeconds:F1} s, summed over the loop's threads; process CPU {timeline.ProcessCpuTime.TotalSeconds:F1} s"));
        totals.AddRow("flash calls", Invariant(timeline.FlashWrites) + " writes, " + Invariant(timeline.FlashAppends) + " appends, " + Invariant(timeline.FlashReads) + " reads");
        if (summary.DayAhead is DayAheadSummary dayAhead)
        {
            totals.AddRow("day-ahead tariff", Invariant(dayAhead.Publications) + " publications, " + Invariant(dayAhead.SchedulesSent) + " signed schedules sent"
                + (dayAhead.SchedulesFailed == 0 ? "" : $", [red]{Invariant(dayAhead.SchedulesFailed)} not taken by the broker[/]")
                + $"; {Invariant(dayAhead.DevicesOnLatest)} of {Invariant(summary.Devices.Count)} devices follow the latest");
        }

        AnsiConsole.Write(totals);
        PrintMarket(summary, options);
        // Printed whole on one line so it can be copied and compared with `ec-gateway verify`.
        if (summary.RanGateway)
        {
            Console.WriteLine($"ledger head hash    {summary.LedgerHeadHashHex}");
        }

        if (!summary.GatewayCaughtUp)
        {
            AnsiConsole.MarkupLine("[red]the gateway did not receive every reading sent before the drain timeout[/]");
        }
    }

    private static Command BenchIngestCommand()
    {
        Option<int> messages = new("--messages") { Description = "Signed readings to send.", DefaultValueFactory = _ => 200_000 };
        Option<int> devices = new("--devices") { Description = "Devices they come from (a multiple of 4, so each device keeps one publisher).", DefaultValueFactory = _ => 8 };
        devices.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is var count && (count < 4 || count % 4 != 0))
            {
                result.AddError("--devices must be a positive multiple of 4");
            }
        });
        Option<string?> broker = new("--broker") { Description = "An external broker as host:port (e.g. mosquitto) instead of the built-in one." };
        Command command = new("bench-ingest", "Measure the gateway's verify-and-append rate against the same broker's raw delivery rate.") { messages, devices, broker };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            string? brokerText = parseResult.GetValue(broker);
            EdgeController.Ledger.BrokerAddress? address = null;
            if (brokerText is not null && !EdgeController.Ledger.BrokerAddress.TryParse(brokerText, out address, out string error))
            {
                Console.Error.WriteLine($"error: {error}");
                return 2;
            }

            IngestBenchmark.Result result = await IngestBenchmark.RunAsync(
                parseResult.GetValue(messages), parseResult.GetValue(devices), Path.Combine(Path.GetTempPath(), "ec-bench"), address?.Host, address?.Port ?? 0, cancellationToken);
            Console.WriteLine($"broker                   {result.Broker}");
            Console.WriteLine($"messages                 {result.Messages}");
            Console.WriteLine($"raw delivered            {result.RawDelivered}");
            Console.WriteLine($"raw broker delivery      {result.RawDeliveryPerSecond,10:F0} msg/s (subscriber that does nothing)");
            Console.WriteLine($"gateway verify+append    {result.GatewayIngestPerSecond,10:F0} msg/s (through the same broker)");
            Console.WriteLine($"ratio                    {result.GatewayIngestPerSecond / result.RawDeliveryPerSecond,10:F2}");
            Console.WriteLine($"ledger only (no broker)  {result.LedgerOnlyPerSecond,10:F0} msg/s");
            Console.WriteLine($"CPU per message          raw {result.RawCpuMicrosecondsPerMessage:F1} us, gateway {result.GatewayCpuMicrosecondsPerMessage:F1} us (this process; {(result.Broker == "built-in" ? "with" : "without")} the broker)");
            Console.WriteLine($"accepted {result.Accepted}, rejected {result.Rejected}");
            return result.Rejected == 0 && result.Accepted == result.Messages ? 0 : 1;
        });
        return command;
    }

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static Option<TimeSpan> DurationOption(string name, string description, string defaultText) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : defaultText;
            if (DurationText.TryParse(text, out TimeSpan value, out string error))
            {
                return value;
            }

            result.AddError($"{name}: {error}");
            return TimeSpan.Zero;
        },
        DefaultValueFactory = _ => DurationText.TryParse(defaultText, out TimeSpan value, out string _) ? value : TimeSpan.Zero,
    };

    private static BrokerAddress? ParseBroker(ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (BrokerAddress.TryParse(text, out BrokerAddress? address, out string error))
        {
            return address;
        }

        result.AddError($"--broker: {error}");
        return null;
    }
}
