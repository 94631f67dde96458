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
    bool GatewayCaughtUp);

/// <summary>One device's share of a run.</summary>
public sealed record DeviceSummary(string DeviceId, long BootCount, long ReadingsSent, long ReadingsQueued, long ReadingsDropped, long AcceptedThisRun, long LastSequence);
