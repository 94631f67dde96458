namespace EdgeController.Ledger;

/// <summary>What the ledger did with a verified reading.</summary>
public enum AppendOutcome
{
    /// <summary>Appended as a new entry of the chain.</summary>
    Appended,

    /// <summary>The same seq with the same bytes is already in: a QoS 1 redelivery, counted and dropped.</summary>
    Duplicate,

    /// <summary>Rejected (see the reason) and quarantined.</summary>
    Rejected,
}
