namespace EdgeController.Simulator;

/// <summary>What a run did, per device and in all.</summary>
public sealed record SimulationSummary(
    IReadOnlyList<DeviceSummary> Devices,
    long Received,
    long Accepted,
    long Duplicates,
    long Rejected,
    long LedgerEntries,
    string LedgerHeadHashHex,
    string BrokerDescription,
    TimeSpan WallTime,
    bool GatewayCaughtUp,
    TimelineProfile Timeline)
{
    /// <summary>False with --no-gateway: the counts of the gateway are then all 0.</summary>
    public bool RanGateway { get; init; } = true;

    /// <summary>True when the devices ran the whole duration (not cancelled).</summary>
    public bool RanDuration { get; init; } = true;

    /// <summary>False when --drain's time ran out with messages still held by a device.</summary>
    public bool Drained { get; init; } = true;

    /// <summary>With --market and the built-in gateway: the market's figures from the ledger.</summary>
    public EdgeController.Ledger.Market.MarketRunSummary? Market { get; init; }

    /// <summary>With --day-ahead: what the gateway published and how many devices follow the latest.</summary>
    public DayAheadSummary? DayAhead { get; init; }

    /// <summary>With --market: the community's members, in device order.</summary>
    public IReadOnlyList<CommunityMember>? Community { get; init; }
}

/// <summary>One device's share of a run.</summary>
public sealed record DeviceSummary(
    string DeviceId, long BootCount, long ReadingsSent, long ReadingsQueued, long ReadingsDropped, long AcceptedThisRun, long LastSequence,
    DeviceEnergySummary Energy)
{
    /// <summary>Messages the device sent again from flash because the ledger asked (resend).</summary>
    public long Resent { get; init; }

    /// <summary>Market orders the device posted (--market).</summary>
    public long OrdersPosted { get; init; }

    /// <summary>Market awards the device verified and applied (--market).</summary>
    public long AwardsApplied { get; init; }

    /// <summary>The cmdseq of the gateway's tariff the device follows, or 0 for its own board tariff.</summary>
    public long TariffCommandSequence { get; init; }
}

/// <summary>ec-sim --day-ahead: publication rounds, schedules sent and failed, and devices whose tariff is the last one sent to them.</summary>
public sealed record DayAheadSummary(int Publications, long SchedulesSent, long SchedulesFailed, int DevicesOnLatest);

/// <summary>What a device's energy control did to its site in a run: the firmware's estimate beside the plant's truth.</summary>
public sealed record DeviceEnergySummary(
    double EstimatedSocPercent, double PackSocPercent, double GridImportWattHours, double GridExportWattHours, double CurtailedWattHours, string ProtectionFaults);
