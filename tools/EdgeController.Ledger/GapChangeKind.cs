namespace EdgeController.Ledger;

/// <summary>What happened to a range of a device's seqs.</summary>
public enum GapChangeKind
{
    /// <summary>A seq arrived above the last one plus one: the seqs between are missing.</summary>
    Opened,

    /// <summary>A missing seq arrived, validly signed: appended, no longer missing.</summary>
    Filled,

    /// <summary>The device's signed dropped event covers the range: closed as lost, never asked for again.</summary>
    Lost,
}
