namespace EdgeController.Ledger;

/// <summary>What a gateway did with the messages it received since it started. Thread-safe.</summary>
public sealed class IngestCounters
{
    private readonly long[] _rejectedByReason = new long[Enum.GetValues<RejectReason>().Length];
    private long _received;
    private long _accepted;
    private long _duplicates;

    /// <summary>Messages received.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Messages appended to the chain.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Redeliveries of an accepted message, dropped.</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>Messages rejected, all reasons.</summary>
    public long Rejected => _rejectedByReason.Sum(count => Interlocked.Read(ref count));

    /// <summary>Messages rejected for one reason.</summary>
    public long RejectedFor(RejectReason reason) => Interlocked.Read(ref _rejectedByReason[(int)reason]);

    internal void CountReceived() => Interlocked.Increment(ref _received);

    internal void CountAccepted() => Interlocked.Increment(ref _accepted);

    internal void CountDuplicate() => Interlocked.Increment(ref _duplicates);

    internal void CountRejected(RejectReason reason) => Interlocked.Increment(ref _rejectedByReason[(int)reason]);
}
