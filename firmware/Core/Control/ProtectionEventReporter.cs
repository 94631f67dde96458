using EdgeController.Core.Protection;

namespace EdgeController.Core.Control
{
    /// <summary>
    /// Publishes a signed "protection" event whenever the protection's fault mask changes: which
    /// faults were raised, which cleared, and the mask now. It compares masks instead of reading
    /// the last tick's raised/cleared bits, so a change made between ticks (a technician's clear)
    /// is reported too, and nothing is reported twice. Strings are built only on a change: a
    /// steady tick allocates nothing.
    /// </summary>
    public sealed class ProtectionEventReporter
    {
        /// <summary>The event kind ("ev").</summary>
        public const string EventKind = "protection";

        private readonly DeviceEvents _events;
        private int _reportedFaults;

        /// <summary>Reports through events.</summary>
        public ProtectionEventReporter(DeviceEvents events)
        {
            _events = events;
        }

        /// <summary>Seq of the last protection event, 0 before the first.</summary>
        public long LastEventSequence { get; private set; }

        /// <summary>Sends an event when faults differs from the mask last reported (0 at boot).</summary>
        public void Poll(int faults)
        {
            if (faults == _reportedFaults)
            {
                return;
            }

            int raised = faults & ~_reportedFaults;
            int cleared = _reportedFaults & ~faults;
            long sequence = _events.Begin()
                .Field("raised", Names(raised))
                .Field("cleared", Names(cleared))
                .Field("faults", faults.ToString())
                .Send(EventKind);
            if (sequence > 0)
            {
                _reportedFaults = faults;
                LastEventSequence = sequence;
            }
        }

        /// <summary>The names of the bits of a mask joined by '+', or "none".</summary>
        public static string Names(int faults)
        {
            if (faults == 0)
            {
                return "none";
            }

            string names = "";
            // Up to the sign bit: a test "bit <= faults" would stop at once for a mask that holds it.
            for (int bit = 1; bit != 0; bit <<= 1)
            {
                if ((faults & bit) != 0)
                {
                    names = names.Length == 0 ? ProtectionFaults.NameOf(bit) : names + "+" + ProtectionFaults.NameOf(bit);
                }
            }

            return names;
        }
    }
}
