using EdgeController.Hal;

namespace EdgeController.Core.Telemetry
{
    /// <summary>
    /// The FIFO of signed messages (readings and events) waiting for the broker and, when durable,
    /// for the ledger: a <see cref="RamOutbox"/> without a store, a <see cref="DurableOutbox"/>
    /// with one. Messages go out oldest first (<see cref="PeekOldest"/>, <see cref="RemoveOldest"/>).
    /// When a message may be forgotten is the <see cref="OutboxReleaseMode"/>: at the broker's
    /// PUBACK, or when the ledger's mark covers it (<see cref="Acknowledge"/>).
    /// <see cref="RequestResend"/> sends messages still held again, the same bytes, through the same
    /// drain. Every message dropped that was not released is counted; readings with their seq
    /// range, for the signed "dropped" event (<see cref="TakeDroppedReadings"/>). A drop is never
    /// silent. Thread-safe: the control loop enqueues while the link thread drains.
    /// </summary>
    public sealed class TelemetryOutbox : ILedgerAcknowledgement
    {
        /// <summary>The default segment: one ESP32 flash sector.</summary>
        public const int DefaultSegmentBytes = 4096;

        /// <summary>Resend ranges remembered at once (more are merged).</summary>
        public const int ResendRangeSlots = 8;

        private readonly object _sync = new object();
        private readonly DroppedMessageTally _dropped = new DroppedMessageTally();
        private readonly RamOutbox _ram;
        private readonly DurableOutbox _durable;
        private readonly HighestSequences _ramHighest;

        /// <summary>A RAM-only outbox.</summary>
        /// <param name="capacityMessages">How many messages it holds.</param>
        /// <param name="maxMessageBytes">The largest message; longer ones are refused.</param>
        public TelemetryOutbox(int capacityMessages, int maxMessageBytes)
        {
            _ram = new RamOutbox(capacityMessages, maxMessageBytes, _dropped);
            _ramHighest = new HighestSequences(0, 0);
            MaxMessageBytes = maxMessageBytes;
            ReleaseMode = OutboxReleaseMode.AtBrokerAcknowledgement;
        }

        /// <summary>A durable outbox of 4 KiB segments; see the full constructor.</summary>
        public TelemetryOutbox(int ramRingSlots, int maxMessageBytes, INonVolatileStore store, int flashBudgetBytes, OutboxReleaseMode releaseMode)
            : this(ramRingSlots, maxMessageBytes, store, flashBudgetBytes, DefaultSegmentBytes, releaseMode)
        {
        }

        /// <summary>
        /// A durable outbox: restores what a previous boot left on store.
        /// </summary>
        /// <param name="ramRingSlots">RAM slots caching the newest messages (RAM: slots x maxMessageBytes).</param>
        /// <param name="maxMessageBytes">The largest message; longer ones are refused.</param>
        /// <param name="store">The flash.</param>
        /// <param name="flashBudgetBytes">Flash the log may take: flashBudgetBytes / segmentBytes segments (at least 2).</param>
        /// <param name="segmentBytes">Bytes of one segment (a multiple of the 4 KiB sector is natural).</param>
        /// <param name="releaseMode">At the broker's PUBACK, or at the ledger's acknowledgement.</param>
        public TelemetryOutbox(int ramRingSlots, int maxMessageBytes, INonVolatileStore store, int flashBudgetBytes, int segmentBytes, OutboxReleaseMode releaseMode)
        {
            if (store == null)
            {
                throw new System.ArgumentNullException("store");
            }

            MaxMessageBytes = maxMessageBytes;
            ReleaseMode = releaseMode;
            _durable = new DurableOutbox(ramRingSlots, maxMessageBytes, store, flashBudgetBytes, segmentBytes, releaseMode, ResendRangeSlots, _dropped);
        }

        /// <summary>The largest message.</summary>
        public int MaxMessageBytes { get; private set; }

        /// <summary>RAM slots (the RAM-only capacity, or the durable outbox's cache).</summary>
        public int Capacity
        {
            get { return _durable != null ? _durable.Capacity : _ram.Capacity; }
        }

        /// <summary>True when messages are kept on flash.</summary>
        public bool IsDurable
        {
            get { return _durable != null; }
        }

        /// <summary>When a message may be forgotten.</summary>
        public OutboxReleaseMode ReleaseMode { get; private set; }

        /// <summary>The flash budget in bytes (0 for a RAM-only outbox).</summary>
        public int FlashBudgetBytes
        {
            get { return _durable != null ? _durable.FlashBudgetBytes : 0; }
        }

        /// <summary>Messages waiting to be published (resends not counted).</summary>
        public int Count
        {
            get
            {
                lock (_sync)
                {
                    return _durable != null ? _durable.Count : _ram.Count;
                }
            }
        }

        /// <summary>Messages on flash, published or not, not yet deleted with their segment.</summary>
        public int HeldOnFlashCount
        {
            get
            {
                lock (_sync)
                {
                    return _durable != null ? _durable.HeldOnFlashCount : 0;
                }
            }
        }

        /// <summary>Segments of the log on flash.</summary>
        public int SegmentCount
        {
            get
            {
                lock (_sync)
                {
                    return _durable != null ? _durable.SegmentCount : 0;
                }
            }
        }

        /// <summary>The ledger's mark taken so far (0 before the first).</summary>
        public long AcknowledgedThroughSequence
        {
            get
            {
                lock (_sync)
                {
                    return _durable != null ? _durable.AcknowledgedThroughSequence : 0;
                }
            }
        }

        /// <summary>Messages dropped (readings and events) by the full-store policy, since boot.</summary>
        public long DroppedCount
        {
            get
            {
                lock (_sync)
                {
                    return _dropped.DroppedCount;
                }
            }
        }

        /// <summary>Messages published again on a resend request, since boot.</summary>
        public long ResentCount
        {
            get
            {
                lock (_sync)
                {
                    return _durable != null ? _durable.ResentCount : 0;
                }
            }
        }

        /// <summary>Segments found damaged on flash, since boot (their readings show as a seq gap).</summary>
        public long DamagedSegmentCount
        {
            get
            {
                lock (_sync)
                {
                    return _durable != null ? _durable.DamagedSegmentCount : 0;
                }
            }
        }

        /// <summary>
        /// The highest seq of kind ever enqueued, including what a previous boot left on flash
        /// (0 for a RAM-only outbox at boot). The controller starts its seq above it.
        /// </summary>
        public long HighestSequence(MessageKind kind)
        {
            lock (_sync)
            {
                return _durable != null ? _durable.HighestSequence(kind) : _ramHighest.Of(kind);
            }
        }

        /// <summary>Copies a message in without a seq (RAM-only callers). False if it is too long.</summary>
        public bool Enqueue(MessageKind kind, byte[] message, int length)
        {
            return Enqueue(kind, 0, message, length);
        }

        /// <summary>
        /// Copies a message with its seq in; when durable, it is on flash when this returns. When
        /// full: RAM only, the oldest is dropped; durable, the oldest segment is. False if the
        /// message is too long.
        /// </summary>
        public bool Enqueue(MessageKind kind, long sequence, byte[] message, int length)
        {
            if (length < 0 || length > MaxMessageBytes)
            {
                return false;
            }

            lock (_sync)
            {
                if (_durable != null)
                {
                    _durable.Enqueue(kind, sequence, message, length);
                }
                else
                {
                    _ram.Enqueue(kind, sequence, message, length);
                    _ramHighest.Note(kind, sequence);
                }

                return true;
            }
        }

        /// <summary>
        /// Copies the next message to publish into destination without removing it (so a failed
        /// publish loses nothing): a message the ledger asked for again first, else the oldest
        /// not yet published. Returns its length, or -1 when there is none.
        /// </summary>
        public int PeekOldest(byte[] destination, out MessageKind kind)
        {
            lock (_sync)
            {
                return _durable != null ? _durable.PeekOldest(destination, out kind) : _ram.PeekOldest(destination, out kind);
            }
        }

        /// <summary>
        /// Marks the message the last <see cref="PeekOldest"/> returned as published (the broker
        /// took it); at-PUBACK release forgets it. Does nothing if that message is no longer the
        /// next (dropped meanwhile).
        /// </summary>
        public void RemoveOldest()
        {
            lock (_sync)
            {
                if (_durable != null)
                {
                    _durable.RemoveOldest();
                }
                else
                {
                    _ram.RemoveOldest();
                }
            }
        }

        /// <inheritdoc />
        public void Acknowledge(long throughSequence)
        {
            lock (_sync)
            {
                if (_durable != null)
                {
                    _durable.Acknowledge(throughSequence);
                }
            }
        }

        /// <inheritdoc />
        public void RequestResend(long firstSequence, long lastSequence)
        {
            lock (_sync)
            {
                if (_durable != null)
                {
                    _durable.RequestResend(firstSequence, lastSequence);
                }
            }
        }

        /// <summary>
        /// Dropped messages not yet reported: returns how many readings, with the first and last
        /// seq among them, and starts a new count. 0 when none.
        /// </summary>
        public long TakeDroppedReadings(out long firstSequence, out long lastSequence)
        {
            lock (_sync)
            {
                return _dropped.TakeUnreportedReadings(out firstSequence, out lastSequence);
            }
        }

        /// <summary>
        /// Records the drain position and the ledger's mark now, so a clean restart sends none of
        /// the messages already released again. Optional: call before a planned reboot.
        /// </summary>
        public void Checkpoint()
        {
            lock (_sync)
            {
                if (_durable != null)
                {
                    _durable.Checkpoint();
                }
            }
        }
    }
}
