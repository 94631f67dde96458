namespace EdgeController.Ledger;

/// <summary>The result of recomputing a ledger's chain.</summary>
/// <param name="EntriesChecked">Entries read before the first problem (all of them when valid).</param>
/// <param name="FirstBadIndex">The idx of the first entry that does not match, or null.</param>
/// <param name="Problem">What is wrong with it, or "".</param>
/// <param name="HeadHash">Hash of the last entry that verified (32 zero bytes for an empty ledger).</param>
public sealed record ChainVerification(long EntriesChecked, long? FirstBadIndex, string Problem, byte[] HeadHash)
{
    /// <summary>True when every entry matched.</summary>
    public bool IsValid => FirstBadIndex is null;
}
