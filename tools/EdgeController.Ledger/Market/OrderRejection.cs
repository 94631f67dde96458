namespace EdgeController.Ledger.Market;

/// <summary>An order kept out of a slot's book: its ledger idx and the reason (see <see cref="OrderRejectionReasons"/>).</summary>
public sealed record OrderRejection(long Index, string Reason);
