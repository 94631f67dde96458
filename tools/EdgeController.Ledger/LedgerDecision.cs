namespace EdgeController.Ledger;

/// <summary>What the ledger did with one message; Reason is meaningful only for <see cref="AppendOutcome.Rejected"/>.</summary>
public readonly record struct LedgerDecision(AppendOutcome Outcome, RejectReason Reason);
