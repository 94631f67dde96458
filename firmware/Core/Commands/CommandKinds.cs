namespace EdgeController.Core.Commands
{
    /// <summary>
    /// The kinds of command a device takes, each on its own topic .../cmd/&lt;kind&gt; with its own
    /// cmdseq counter (docs/design.md, Topics): the gateway's processes that send different kinds
    /// never reorder each other, and each kind's last applied cmdseq is kept on flash.
    /// </summary>
    public static class CommandKinds
    {
        /// <summary>A time-of-use price table; needs a synchronised clock and its window.</summary>
        public const string Tariff = "tariff";

        /// <summary>The ledger's high-water mark for the device; retained, no window.</summary>
        public const string Ack = "ack";

        /// <summary>Seq ranges the ledger misses; no window.</summary>
        public const string Resend = "resend";

        /// <summary>A market award for one slot; needs a synchronised clock and its slot. Its cmdseq is kept by the award handler, not in <see cref="IndexOf"/>'s table.</summary>
        public const string Award = "award";

        /// <summary>Kinds with a cmdseq of their own, the index of each in <see cref="IndexOf"/>.</summary>
        public const int Count = 3;

        /// <summary>The slot of a kind (0 tariff, 1 ack, 2 resend), or -1 for a kind this firmware does not take.</summary>
        public static int IndexOf(string kind)
        {
            if (kind == Tariff)
            {
                return 0;
            }

            if (kind == Ack)
            {
                return 1;
            }

            return kind == Resend ? 2 : -1;
        }
    }
}
