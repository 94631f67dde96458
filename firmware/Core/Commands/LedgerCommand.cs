namespace EdgeController.Core.Commands
{
    /// <summary>
    /// An "ack" or "resend" command as the gateway signs it, keys in this fixed order, no
    /// whitespace, integers only, no time window (a device with an unsynchronised clock still
    /// frees its flash):
    /// <c>{"v":1,"dev":"&lt;dev&gt;","cmdseq":&lt;n&gt;,"cmd":"ack","hw":&lt;seq&gt;,"gaps":[[f,l],...]}</c>
    /// (every seq at or below hw is in the ledger or closed as lost; gaps, for information, lists
    /// open gaps above hw, at most <see cref="MaxRanges"/>) and
    /// <c>{"v":1,"dev":"&lt;dev&gt;","cmdseq":&lt;n&gt;,"cmd":"resend","ranges":[[f,l],...]}</c>
    /// (1 to <see cref="MaxRanges"/> ranges the ledger misses, ascending and apart).
    /// </summary>
    public sealed class LedgerCommand
    {
        /// <summary>The most ranges one command carries (it must fit the 1024-byte command buffer).</summary>
        public const int MaxRanges = 16;

        /// <summary>"cmd": <see cref="CommandKinds.Ack"/> or <see cref="CommandKinds.Resend"/>.</summary>
        public string Kind;

        /// <summary>"cmdseq".</summary>
        public long CommandSequence;

        /// <summary>"hw" of an ack; 0 for a resend.</summary>
        public long HighWaterMark;

        /// <summary>Ranges held: the gaps of an ack, the ranges of a resend.</summary>
        public int RangeCount;

        /// <summary>First seq of each range.</summary>
        public readonly long[] RangeFirst = new long[MaxRanges];

        /// <summary>Last seq of each range (inclusive).</summary>
        public readonly long[] RangeLast = new long[MaxRanges];
    }
}
