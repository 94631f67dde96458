namespace EdgeController.Core.Telemetry
{
    /// <summary>
    /// Messages an outbox dropped without release, since boot, and the readings among them not yet
    /// reported in a signed "dropped" event (how many, first and last seq). A drop is never silent.
    /// Not thread-safe: the outbox counts under its lock.
    /// </summary>
    internal sealed class DroppedMessageTally
    {
        private long _readingsUnreported;
        private long _firstUnreported;
        private long _lastUnreported;

        /// <summary>Messages dropped (readings and events) since boot.</summary>
        public long DroppedCount { get; private set; }

        /// <summary>Counts one dropped message.</summary>
        public void Count(MessageKind kind, long sequence)
        {
            DroppedCount++;
            if (kind != MessageKind.Reading)
            {
                return;
            }

            if (_readingsUnreported == 0)
            {
                _firstUnreported = sequence;
            }

            _readingsUnreported++;
            _lastUnreported = sequence;
        }

        /// <summary>The readings dropped and not yet reported, with their seq range; starts a new count. 0 when none.</summary>
        public long TakeUnreportedReadings(out long firstSequence, out long lastSequence)
        {
            long dropped = _readingsUnreported;
            firstSequence = _firstUnreported;
            lastSequence = _lastUnreported;
            _readingsUnreported = 0;
            _firstUnreported = 0;
            _lastUnreported = 0;
            return dropped;
        }
    }
}
