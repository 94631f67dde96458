using EdgeController.Ledger;

namespace EdgeController.Simulator;

/// <summary>What one simulator run does.</summary>
public sealed record SimulationOptions
{
    /// <summary>How many devices.</summary>
    public int Devices { get; init; } = 3;

    /// <summary>Simulated time to run.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The ledger database file.</summary>
    public string LedgerPath { get; init; } = "site.db";

    /// <summary>The key registry file; keys of known devices are reused, new ones created.</summary>
    public string KeysPath { get; init; } = "site.keys.json";

    /// <summary>Folder of the devices' simulated flash (their seq and energy registers persist there).</summary>
    public string DeviceStateFolder { get; init; } = "site.devices";

    /// <summary>An external broker, or null for the built-in one.</summary>
    public BrokerAddress? Broker { get; init; }

    /// <summary>The site id in topics.</summary>
    public string Site { get; init; } = "site1";

    /// <summary>The loop period of each device.</summary>
    public TimeSpan Tick { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The reading period of each device.</summary>
    public TimeSpan ReportPeriod { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Simulated wall-clock time at the start (UTC).</summary>
    public DateTimeOffset Start { get; init; } = new(2026, 6, 21, 10, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// --day-ahead: the built-in gateway publishes seeded day-ahead prices (15-minute import and
    /// export) as signed tariff v2 commands, a minute after the start and each day at 13:00 UTC
    /// for the rest of that day and the next; the devices' dispatch follows them.
    /// </summary>
    public bool DayAhead { get; init; }

    /// <summary>Seed of the site models' noise.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>How long to wait at the end for the gateway to take in everything sent.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>False with --no-gateway: devices only, against the external broker; the gateway is another process.</summary>
    public bool RunGateway { get; init; } = true;

    /// <summary>Simulated seconds per wall-clock second (--pace), or null for as fast as the machine allows.</summary>
    public double? Pace { get; init; }

    /// <summary>
    /// With --drain: after the duration the devices keep running (at the pace, or in real time)
    /// until every reading they made has left their outbox (with the gateway's acknowledgement
    /// where it gives one), or until this much wall-clock time has passed. Null: no drain phase.
    /// </summary>
    public TimeSpan? Drain { get; init; }

    /// <summary>The board every device is (ec-sim --board FILE, validated by the firmware's loader), or null for board-configs/simulator.json.</summary>
    public EdgeController.Core.Config.BoardConfig? Board { get; init; }

    /// <summary>
    /// With --market: the devices are a community from <see cref="CommunityGenerator"/> that trades
    /// in the site's local energy market; the built-in gateway clears, awards and settles it.
    /// </summary>
    public bool Market { get; init; }

    /// <summary>Where --market writes the gateway's market settings (the file `ec-gateway run --market` reads); null: beside the ledger, &lt;ledger&gt;.market.json.</summary>
    public string? MarketSettingsPath { get; init; }

    /// <summary>The market settings file of this run.</summary>
    public string MarketSettingsFile => MarketSettingsPath
        ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(LedgerPath)) ?? ".", Path.GetFileNameWithoutExtension(LedgerPath) + ".market.json");

    /// <summary>The gateway's own key (it signs the market's records), as `ec-gateway run` names it: &lt;ledger&gt;.gateway-key.json.</summary>
    public string GatewayKeyFile =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(LedgerPath)) ?? ".", Path.GetFileNameWithoutExtension(LedgerPath) + ".gateway-key.json");
}
