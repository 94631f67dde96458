namespace EdgeController.Ledger;

/// <summary>
/// The gateway's acceptance path: verify (in parallel, it is pure CPU), then append or
/// quarantine in one transaction per batch, and count. Transport-free, so the MQTT subscriber,
/// the tests and the benchmark all use the same path.
/// </summary>
public sealed class LedgerIngestor(KeyRegistry registry, LedgerDatabase ledger, Func<long> receivedClockMilliseconds)
{
    /// <summary>Below this many messages a batch is verified on the calling thread.</summary>
    private const int ParallelVerificationThreshold = 64;

    private readonly ReadingVerifier _verifier = new(registry);

    /// <summary>Counts since this ingestor was created.</summary>
    public IngestCounters Counters { get; } = new();

    /// <summary>
    /// Raised after each batch committed, with its messages and their decisions in order: the one
    /// place where what the ledger accepted leaves it (Home Assistant state). Runs on the caller's
    /// thread; a handler must not block or throw.
    /// </summary>
    public event Action<IReadOnlyList<IncomingMessage>, IReadOnlyList<LedgerDecision>>? Committed;

    /// <summary>Called after each committed batch that opened, filled or closed gaps (on the writer's thread).</summary>
    public Action<IReadOnlyList<GapChange>>? GapsChanged { get; set; }

    /// <summary>Called for each rejected message with its reason and topic (on the writer's thread).</summary>
    public Action<RejectReason, string?>? MessageRejected { get; set; }

    /// <summary>The ledger it appends to.</summary>
    public LedgerDatabase Ledger => ledger;

    /// <summary>The gateway's clock for received_ms.</summary>
    public long NowMilliseconds() => receivedClockMilliseconds();

    /// <summary>Handles one message as received on topic.</summary>
    public AppendOutcome Ingest(string? topic, byte[] raw) =>
        IngestBatch([new IncomingMessage(topic, raw, receivedClockMilliseconds())])[0].Outcome;

    /// <summary>
    /// Checks one message's signature and payload (pure CPU, thread-safe): a caller that receives
    /// messages one by one verifies each as it arrives and hands the results to
    /// <see cref="IngestVerifiedBatch"/>, so the ledger's one writer only appends.
    /// </summary>
    public VerificationResult Verify(IncomingMessage message) => _verifier.Verify(message.Topic, message.Raw);

    /// <summary>Handles messages in arrival order; returns a decision per message once the batch is committed.</summary>
    public LedgerDecision[] IngestBatch(IReadOnlyList<IncomingMessage> messages)
    {
        VerificationResult[] verifications = new VerificationResult[messages.Count];
        if (messages.Count < ParallelVerificationThreshold)
        {
            for (int i = 0; i < messages.Count; i++)
            {
                verifications[i] = _verifier.Verify(messages[i].Topic, messages[i].Raw);
            }
        }
        else
        {
            Parallel.For(0, messages.Count, i => verifications[i] = _verifier.Verify(messages[i].Topic, messages[i].Raw));
        }

        return IngestVerifiedBatch(messages, verifications);
    }

    /// <summary>As <see cref="IngestBatch"/> for messages already checked by <see cref="Verify"/>, one result per message in the same order.</summary>
    public LedgerDecision[] IngestVerifiedBatch(IReadOnlyList<IncomingMessage> messages, IReadOnlyList<VerificationResult> verifications)
    {
        LedgerDecision[] decisions = ledger.AppendBatch(messages, verifications, out IReadOnlyList<GapChange> gapChanges);

        if (gapChanges.Count > 0)
        {
            GapsChanged?.Invoke(gapChanges);
        }

        for (int i = 0; i < decisions.Length; i++)
        {
            LedgerDecision decision = decisions[i];
            if (decision.Outcome == AppendOutcome.Rejected)
            {
                MessageRejected?.Invoke(decision.Reason, messages[i].Topic);
            }

            Counters.CountReceived();
            switch (decision.Outcome)
            {
                case AppendOutcome.Appended:
                    Counters.CountAccepted();
                    break;
                case AppendOutcome.Duplicate:
                    Counters.CountDuplicate();
                    break;
                default:
                    Counters.CountRejected(decision.Reason);
                    break;
            }
        }

        Committed?.Invoke(messages, decisions);
        return decisions;
    }
}
