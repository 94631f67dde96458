namespace EdgeController.Ledger;

/// <summary>
/// The gateway's acceptance path for one message: verify, then append or quarantine, and count.
/// Transport-free, so the MQTT subscriber, the tests and the benchmarks all use the same path.
/// </summary>
public sealed class LedgerIngestor(KeyRegistry registry, LedgerDatabase ledger, Func<long> receivedClockMilliseconds)
{
    private readonly ReadingVerifier _verifier = new(registry);

    /// <summary>Counts since this ingestor was created.</summary>
    public IngestCounters Counters { get; } = new();

    /// <summary>The ledger it appends to.</summary>
    public LedgerDatabase Ledger => ledger;

    /// <summary>Handles one message as received on topic.</summary>
    public AppendOutcome Ingest(string? topic, byte[] raw)
    {
        Counters.CountReceived();
        long receivedMilliseconds = receivedClockMilliseconds();
        VerificationResult verification = _verifier.Verify(topic, raw);
        if (!verification.IsValid)
        {
            ledger.Quarantine(raw, topic, receivedMilliseconds, verification.Reason, verification.Detail);
            Counters.CountRejected(verification.Reason);
            return AppendOutcome.Rejected;
        }

        AppendOutcome outcome = ledger.Append(verification.Reading!, raw, topic, receivedMilliseconds, out RejectReason reason);
        switch (outcome)
        {
            case AppendOutcome.Appended:
                Counters.CountAccepted();
                break;
            case AppendOutcome.Duplicate:
                Counters.CountDuplicate();
                break;
            default:
                Counters.CountRejected(reason);
                break;
        }

        return outcome;
    }
}
