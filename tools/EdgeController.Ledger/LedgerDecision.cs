namespace EdgeController.Ledger;

/// <summary>
/// What the ledger did with one message; Reason is meaningful only for <see cref="AppendOutcome.Rejected"/>.
/// FilledGap: appended with a seq that lay in a recorded gap of its device.
/// </summary>
public readonly record struct LedgerDecision(AppendOutcome Outcome, RejectReason Reason, bool FilledGap = false);
