namespace EdgeController.Ledger;

/// <summary>
/// A change to a device's missing seqs that one batch made: a gap opened, a seq filled (First ==
/// Last), or a range closed as lost by the device's signed dropped event.
/// </summary>
public sealed record GapChange(string DeviceId, GapChangeKind Kind, long First, long Last);
