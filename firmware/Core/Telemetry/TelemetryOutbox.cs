using EdgeController.Hal;

namespace EdgeController.Core.Telemetry
{
    /// <summary>
    /// A FIFO of signed messages waiting for the broker. The fast path is a ring of preallocated
    /// RAM slots, so queueing a reading allocates nothing.
    /// <para>RAM only (no store): when the ring is full the oldest message is dropped and counted.</para>
    /// <para>Durable (with a store): the ring is the open batch of a flash spill (<see cref="SpillStore"/>).
    /// Every enqueue rewrites the open record with the ring's messages, so a message is on flash
    /// before <see cref="Enqueue(MessageKind,long,byte[],int)"/> returns and survives a reboot. When
    /// the ring is full its messages are sealed into a segment file and the ring starts empty.
    /// Messages leave in order, sealed segments first, and leave the flash only when
    /// <see cref="RemoveOldest"/> says the broker acknowledged them. A message acknowledged but
    /// not yet erased is sent again after a reboot: a QoS 1 duplicate the gateway drops.</para>
    /// <para>Full-store policy: when <see cref="SpillStore.MaxSegments"/> sealed segments are waiting
    /// and another must be sealed, the oldest segment is dropped whole (keep the newest). Every
    /// dropped message is counted; readings with their seq range, for the "dropped" event
    /// (<see cref="TakeDroppedReadings"/>). A drop is never silent.</para>
    /// Thread-safe: the control loop enqueues while the link thread drains.
    /// </summary>
    public sealed class TelemetryOutbox
    {
        private readonly byte[][] _slots;
        private readonly int[] _lengths;
        private readonly MessageKind[] _kinds;
        private readonly long[] _sequences;
        private readonly long[] _slotIds;
        private readonly object _sync = new object();
        private readonly SpillStore _spill;
        private readonly SpillSegment _writeBatch;
        private readonly SpillSegment _headBatch;
        private int _head;
        private int _count;
        private long _nextSlotId = 1;
        private long _highestReadingSequence;
        private long _highestEventSequence;
        private bool _headLoaded;
        private int _headOffset;
        private int _headConsumed;
        private bool _peekValid;
        private bool _peekFromSpill;
        private long _peekToken;
        private long _droppedReadingsUnreported;
        private long _firstDroppedUnreported;
        private long _lastDroppedUnreported;

        /// <summary>A RAM-only outbox.</summary>
        /// <param name="capacityMessages">How many messages it holds.</param>
        /// <param name="maxMessageBytes">The largest message; longer ones are refused.</param>
        public TelemetryOutbox(int capacityMessages, int maxMessageBytes)
        {
            if (capacityMessages < 1 || maxMessageBytes < 1)
            {
                throw new System.ArgumentOutOfRangeException("capacityMessages");
            }

            _slots = new byte[capacityMessages][];
            for (int i = 0; i < capacityMessages; i++)
            {
                _slots[i] = new byte[maxMessageBytes];
            }

            _lengths = new int[capacityMessages];
            _kinds = new MessageKind[capacityMessages];
            _sequences = new long[capacityMessages];
            _slotIds = new long[capacityMessages];
            MaxMessageBytes = maxMessageBytes;
        }

        /// <summary>
        /// A durable outbox over store: the ring holds one segment of capacityMessages, and up to
        /// maxSpilledSegments sealed segments wait on flash. Restores what a previous boot left.
        /// </summary>
        public TelemetryOutbox(int capacityMessages, int maxMessageBytes, INonVolatileStore store, int maxSpilledSegments)
            : this(capacityMessages, maxMessageBytes)
        {
            _spill = new SpillStore(store, capacityMessages, maxMessageBytes, maxSpilledSegments);
            _writeBatch = new SpillSegment(capacityMessages, maxMessageBytes);
            _headBatch = new SpillSegment(capacityMessages, maxMessageBytes);
            if (_spill.Load(_writeBatch))
            {
                int offset = SpillSegment.FirstEntryOffset;
                for (int i = 0; i < _writeBatch.Count; i++)
                {
                    MessageKind kind;
                    long sequence;
                    int messageOffset;
                    int messageLength;
                    offset = _writeBatch.ReadEntry(offset, out kind, out sequence, out messageOffset, out messageLength);
                    PutInRing(kind, sequence, _writeBatch.Buffer, messageOffset, messageLength);
                }
            }

            _highestReadingSequence = _spill.HighestReadingSequenceAtLoad;
            _highestEventSequence = _spill.HighestEventSequenceAtLoad;
        }

        /// <summary>The largest message a slot holds.</summary>
        public int MaxMessageBytes { get; private set; }

        /// <summary>RAM slots in all (also the messages of one spilled segment).</summary>
        public int Capacity
        {
            get { return _slots.Length; }
        }

        /// <summary>True when messages are kept on flash until acknowledged.</summary>
        public bool IsDurable
        {
            get { return _spill != null; }
        }

        /// <summary>Messages waiting, in RAM and on flash.</summary>
        public int Count
        {
            get
            {
                lock (_sync)
                {
                    if (_spill == null)
                    {
                        return _count;
                    }

                    return _count + (_spill.SealedSegmentCount * _slots.Length) - _headConsumed;
                }
            }
        }

        /// <summary>Sealed segments waiting on flash.</summary>
        public int SpilledSegmentCount
        {
            get
            {
                lock (_sync)
                {
                    return _spill == null ? 0 : _spill.SealedSegmentCount;
                }
            }
        }

        /// <summary>Messages dropped (readings and events) by the full-store policy, since boot.</summary>
        public long DroppedCount { get; private set; }

        /// <summary>Sealed segments found damaged on flash and skipped, since boot (their readings show as a seq gap).</summary>
        public long DamagedSegmentCount { get; private set; }

        /// <summary>
        /// The highest seq of kind ever enqueued, including what a previous boot left on flash
        /// (0 for a RAM-only outbox at boot). The controller starts its seq above it.
        /// </summary>
        public long HighestSequence(MessageKind kind)
        {
            lock (_sync)
            {
                return kind == MessageKind.Event ? _highestEventSequence : _highestReadingSequence;
            }
        }

        /// <summary>Copies a message in without a seq (RAM-only callers). False if it is too long.</summary>
        public bool Enqueue(MessageKind kind, byte[] message, int length)
        {
            return Enqueue(kind, 0, message, length);
        }

        /// <summary>
        /// Copies a message with its seq in; when durable, it is on flash when this returns. When the
        /// ring is full: RAM only, the oldest is dropped; durable, the ring is sealed to flash.
        /// False if the message is too long.
        /// </summary>
        public bool Enqueue(MessageKind kind, long sequence, byte[] message, int length)
        {
            if (length < 0 || length > MaxMessageBytes)
            {
                return false;
            }

            lock (_sync)
            {
                if (_count == _slots.Length)
                {
                    if (_spill == null)
                    {
                        CountDropped(_kinds[_head], _sequences[_head]);
                        _head = (_head + 1) % _slots.Length;
                        _count--;
                    }
                    else
                    {
                        SealRing();
                    }
                }

                PutInRing(kind, sequence, message, 0, length);
                if (kind == MessageKind.Event && sequence > _highestEventSequence)
                {
                    _highestEventSequence = sequence;
                }
                else if (kind == MessageKind.Reading && sequence > _highestReadingSequence)
                {
                    _highestReadingSequence = sequence;
                }

                if (_spill != null)
                {
                    FillBatchFromRing();
                    _spill.SaveOpen(_writeBatch);
                }

                return true;
            }
        }

        /// <summary>
        /// Copies the oldest message into destination without removing it (so a failed publish
        /// loses nothing). Returns its length, or -1 when empty.
        /// </summary>
        public int PeekOldest(byte[] destination, out MessageKind kind)
        {
            lock (_sync)
            {
                _peekValid = false;
                while (_spill != null && _spill.SealedSegmentCount > 0)
                {
                    if (!EnsureHeadLoaded())
                    {
                        continue;
                    }

                    long sequence;
                    int messageOffset;
                    int messageLength;
                    _headBatch.ReadEntry(_headOffset, out kind, out sequence, out messageOffset, out messageLength);
                    System.Array.Copy(_headBatch.Buffer, messageOffset, destination, 0, messageLength);
                    _peekValid = true;
                    _peekFromSpill = true;
                    _peekToken = (_spill.HeadSegment * _slots.Length) + _headConsumed;
                    return messageLength;
                }

                if (_count == 0)
                {
                    kind = MessageKind.Reading;
                    return -1;
                }

                int length = _lengths[_head];
                System.Array.Copy(_slots[_head], 0, destination, 0, length);
                kind = _kinds[_head];
                _peekValid = true;
                _peekFromSpill = false;
                _peekToken = _slotIds[_head];
                return length;
            }
        }

        /// <summary>
        /// Removes the message the last <see cref="PeekOldest"/> returned, once it is safely
        /// published; does nothing if that message is no longer the oldest (dropped meanwhile).
        /// </summary>
        public void RemoveOldest()
        {
            lock (_sync)
            {
                if (!_peekValid)
                {
                    return;
                }

                _peekValid = false;
                if (_peekFromSpill)
                {
                    if (_headLoaded && _peekToken == (_spill.HeadSegment * _slots.Length) + _headConsumed)
                    {
                        MessageKind kind;
                        long sequence;
                        int messageOffset;
                        int messageLength;
                        _headOffset = _headBatch.ReadEntry(_headOffset, out kind, out sequence, out messageOffset, out messageLength);
                        _headConsumed++;
                        if (_headConsumed >= _headBatch.Count)
                        {
                            DiscardHead();
                        }
                    }

                    return;
                }

                if (_count > 0 && _slotIds[_head] == _peekToken)
                {
                    _head = (_head + 1) % _slots.Length;
                    _count--;
                }
            }
        }

        /// <summary>
        /// Dropped readings not yet reported: returns how many, with the first and last seq among
        /// them, and starts a new count. 0 when none.
        /// </summary>
        public long TakeDroppedReadings(out long firstSequence, out long lastSequence)
        {
            lock (_sync)
            {
                long dropped = _droppedReadingsUnreported;
                firstSequence = _firstDroppedUnreported;
                lastSequence = _lastDroppedUnreported;
                _droppedReadingsUnreported = 0;
                _firstDroppedUnreported = 0;
                _lastDroppedUnreported = 0;
                return dropped;
            }
        }

        /// <summary>
        /// Rewrites the open record without the messages already acknowledged, so a clean restart
        /// sends none of them again. Optional: call before a planned reboot or shutdown.
        /// </summary>
        public void Checkpoint()
        {
            lock (_sync)
            {
                if (_spill != null)
                {
                    FillBatchFromRing();
                    _spill.SaveOpen(_writeBatch);
                }
            }
        }

        private void PutInRing(MessageKind kind, long sequence, byte[] message, int offset, int length)
        {
            int tail = (_head + _count) % _slots.Length;
            System.Array.Copy(message, offset, _slots[tail], 0, length);
            _lengths[tail] = length;
            _kinds[tail] = kind;
            _sequences[tail] = sequence;
            _slotIds[tail] = _nextSlotId++;
            _count++;
        }

        private void FillBatchFromRing()
        {
            _writeBatch.Begin(_spill.TailSegment, _highestReadingSequence, _highestEventSequence);
            for (int i = 0; i < _count; i++)
            {
                int slot = (_head + i) % _slots.Length;
                _writeBatch.Append(_kinds[slot], _sequences[slot], _slots[slot], _lengths[slot]);
            }

            _writeBatch.Finish();
        }

        private void SealRing()
        {
            if (_spill.SealedSegmentCount >= _spill.MaxSegments)
            {
                DropHeadSegment();
            }

            FillBatchFromRing();
            _spill.Seal(_writeBatch);
            _head = 0;
            _count = 0;
        }

        private bool EnsureHeadLoaded()
        {
            if (_headLoaded)
            {
                return true;
            }

            bool loaded = _spill.LoadHead(_headBatch);
            if (!loaded || _headBatch.Count == 0)
            {
                DamagedSegmentCount += loaded ? 0 : 1;
                _spill.DiscardHead(_highestReadingSequence, _highestEventSequence);
                return false;
            }

            _headLoaded = true;
            _headOffset = SpillSegment.FirstEntryOffset;
            _headConsumed = 0;
            return true;
        }

        private void DropHeadSegment()
        {
            if (!EnsureHeadLoaded())
            {
                return;
            }

            int offset = _headOffset;
            for (int i = _headConsumed; i < _headBatch.Count; i++)
            {
                MessageKind kind;
                long sequence;
                int messageOffset;
                int messageLength;
                offset = _headBatch.ReadEntry(offset, out kind, out sequence, out messageOffset, out messageLength);
                CountDropped(kind, sequence);
            }

            DiscardHead();
        }

        private void DiscardHead()
        {
            _spill.DiscardHead(_highestReadingSequence, _highestEventSequence);
            _headLoaded = false;
            _headConsumed = 0;
        }

        private void CountDropped(MessageKind kind, long sequence)
        {
            DroppedCount++;
            if (kind != MessageKind.Reading)
            {
                return;
            }

            if (_droppedReadingsUnreported == 0)
            {
                _firstDroppedUnreported = sequence;
            }

            _droppedReadingsUnreported++;
            _lastDroppedUnreported = sequence;
        }
    }
}
