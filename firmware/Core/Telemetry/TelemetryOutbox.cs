using EdgeController.Hal;

namespace EdgeController.Core.Telemetry
{
    /// <summary>
    /// The FIFO of signed messages (readings and events) waiting for the broker and, when durable,
    /// for the ledger.
    /// <para>RAM only (no store): a <see cref="MessageRing"/>; when it is full the oldest message
    /// is dropped and counted; a message is forgotten at the broker's PUBACK.</para>
    /// <para>Durable (with a store): every message is appended to a <see cref="FlashLog"/> before
    /// <see cref="Enqueue(MessageKind,long,byte[],int)"/> returns, so it survives a reboot; the
    /// ring then only caches the newest messages so the drain rarely reads flash back. Messages
    /// go out oldest first (<see cref="PeekOldest"/>, <see cref="RemoveOldest"/>). When a message
    /// may be forgotten is the <see cref="OutboxReleaseMode"/>: at the broker's PUBACK, or when
    /// the ledger's mark covers it (<see cref="Acknowledge"/>); a segment's blob is deleted when
    /// every message in it is released, and the release is recorded first
    /// (<see cref="OutboxReleaseRecord"/>). <see cref="RequestResend"/> sends messages still held
    /// again, the same bytes, through the same drain.</para>
    /// <para>Full budget: when a new segment is needed and the budget's segments are all in use,
    /// the oldest segment is dropped whole (keep the newest). Every message dropped that was not
    /// released is counted; readings with their seq range, for the signed "dropped" event
    /// (<see cref="TakeDroppedReadings"/>). A drop is never silent.</para>
    /// Thread-safe: the control loop enqueues while the link thread drains.
    /// </summary>
    public sealed class TelemetryOutbox : ILedgerAcknowledgement
    {
        /// <summary>The default segment: one ESP32 flash sector.</summary>
        public const int DefaultSegmentBytes = 4096;

        /// <summary>Resend ranges remembered at once (more are merged).</summary>
        public const int ResendRangeSlots = 8;

        private const long TagSegmentFactor = 0x10000;

        private readonly object _sync = new object();
        private readonly MessageRing _ring;
        private readonly FlashLog _log;
        private readonly OutboxReleaseRecord _record;
        private readonly ResendRanges _resend;
        private long _nextRamTag = 1;
        private long _highestReadingSequence;
        private long _highestEventSequence;
        private long _acknowledgedThrough;
        private long _cursorSegment;
        private int _cursorOffset;
        private int _cursorIndex;
        private long _resendSegment;
        private int _resendOffset;
        private bool _peekValid;
        private bool _peekFromResend;
        private long _peekSegment;
        private int _peekOffset;
        private int _peekNext;
        private long _peekTag;
        private MessageKind _entryKind;
        private long _entrySequence;
        private int _entryLength;
        private long _droppedReadingsUnreported;
        private long _firstDroppedUnreported;
        private long _lastDroppedUnreported;

        /// <summary>A RAM-only outbox.</summary>
        /// <param name="capacityMessages">How many messages it holds.</param>
        /// <param name="maxMessageBytes">The largest message; longer ones are refused.</param>
        public TelemetryOutbox(int capacityMessages, int maxMessageBytes)
        {
            _ring = new MessageRing(capacityMessages, maxMessageBytes);
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

            _ring = new MessageRing(ramRingSlots, maxMessageBytes);
            MaxMessageBytes = maxMessageBytes;
            ReleaseMode = releaseMode;
            _log = new FlashLog(store, maxMessageBytes, segmentBytes, flashBudgetBytes / segmentBytes);
            _record = new OutboxReleaseRecord(store);
            _resend = new ResendRanges(ResendRangeSlots);
            _record.Load();
            _log.Open(_record.FirstKeptSegment);
            DamagedSegmentCount = _log.DamagedAtOpen;
            _acknowledgedThrough = _record.AcknowledgedThroughSequence;
            _highestReadingSequence = Max(_record.HighestReadingSequence, _log.HighestReadingAtOpen);
            _highestEventSequence = Max(_record.HighestEventSequence, _log.HighestEventAtOpen);
            ResetCursorToHead();
            if (releaseMode == OutboxReleaseMode.AtBrokerAcknowledgement)
            {
                // Everything before the recorded drain position was published and released.
                while (IsBefore(_cursorSegment, _cursorOffset, _record.DrainSegment, _record.DrainOffset) && StepCursor())
                {
                }
            }

            lock (_sync)
            {
                ReleaseSegments();
            }
        }

        /// <summary>The largest message.</summary>
        public int MaxMessageBytes { get; private set; }

        /// <summary>RAM slots (the RAM-only capacity, or the durable outbox's cache).</summary>
        public int Capacity
        {
            get { return _ring.Capacity; }
        }

        /// <summary>True when messages are kept on flash.</summary>
        public bool IsDurable
        {
            get { return _log != null; }
        }

        /// <summary>When a message may be forgotten.</summary>
        public OutboxReleaseMode ReleaseMode { get; private set; }

        /// <summary>The flash budget in bytes (0 for a RAM-only outbox).</summary>
        public int FlashBudgetBytes
        {
            get { return _log == null ? 0 : _log.MaxSegments * _log.SegmentBytes; }
        }

        /// <summary>Messages waiting to be published (resends not counted).</summary>
        public int Count
        {
            get
            {
                lock (_sync)
                {
                    if (_log == null)
                    {
                        return _ring.Count;
                    }

                    int pending = -_cursorIndex;
                    for (long n = _cursorSegment; n < _log.NextSegment; n++)
                    {
                        pending += _log.EntriesIn(n);
                    }

                    return pending < 0 ? 0 : pending;
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
                    return _log == null ? 0 : _log.EntryCount;
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
                    return _log == null ? 0 : _log.SegmentCount;
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
                    return _acknowledgedThrough;
                }
            }
        }

        /// <summary>Messages dropped (readings and events) by the full-store policy, since boot.</summary>
        public long DroppedCount { get; private set; }

        /// <summary>Messages published again on a resend request, since boot.</summary>
        public long ResentCount { get; private set; }

        /// <summary>Segments found damaged on flash, since boot (their readings show as a seq gap).</summary>
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
                if (_log == null)
                {
                    if (_ring.IsFull)
                    {
                        CountDropped(_ring.KindAt(0), _ring.SequenceAt(0));
                        _ring.RemoveOldest();
                    }

                    _ring.Push(kind, sequence, _nextRamTag++, message, 0, length);
                }
                else
                {
                    if (_log.NeedsNewSegment(length) && _log.SegmentCount >= _log.MaxSegments)
                    {
                        DropHeadSegment();
                    }

                    long segment;
                    int offset;
                    _log.Append(kind, sequence, message, length, out segment, out offset);
                    if (_ring.IsFull)
                    {
                        _ring.RemoveOldest(); // only a cache: the message is on flash
                    }

                    _ring.Push(kind, sequence, Tag(segment, offset), message, 0, length);
                }

                if (kind == MessageKind.Event && sequence > _highestEventSequence)
                {
                    _highestEventSequence = sequence;
                }
                else if (kind == MessageKind.Reading && sequence > _highestReadingSequence)
                {
                    _highestReadingSequence = sequence;
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
                _peekValid = false;
                kind = MessageKind.Reading;
                if (_log == null)
                {
                    if (_ring.Count == 0)
                    {
                        return -1;
                    }

                    kind = _ring.KindAt(0);
                    _peekTag = _ring.TagAt(0);
                    _peekValid = true;
                    return _ring.CopyAt(0, destination);
                }

                int length = PeekResend(destination, out kind);
                if (length >= 0)
                {
                    return length;
                }

                return PeekDrain(destination, out kind);
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
                if (!_peekValid)
                {
                    return;
                }

                _peekValid = false;
                if (_log == null)
                {
                    if (_ring.Count > 0 && _ring.TagAt(0) == _peekTag)
                    {
                        _ring.RemoveOldest();
                    }

                    return;
                }

                if (_peekFromResend)
                {
                    if (_resendSegment == _peekSegment && _resendOffset == _peekOffset)
                    {
                        _resendOffset = _peekNext;
                        ResentCount++;
                    }

                    return;
                }

                if (_cursorSegment == _peekSegment && _cursorOffset == _peekOffset)
                {
                    _cursorOffset = _peekNext;
                    _cursorIndex++;
                    if (ReleaseMode == OutboxReleaseMode.AtBrokerAcknowledgement
                        && _cursorOffset >= _log.EndOf(_cursorSegment) && _cursorSegment < _log.NextSegment - 1)
                    {
                        MoveCursorToSegment(_cursorSegment + 1);
                        ReleaseSegments();
                    }
                }
            }
        }

        /// <inheritdoc />
        public void Acknowledge(long throughSequence)
        {
            lock (_sync)
            {
                if (_log == null || throughSequence <= _acknowledgedThrough)
                {
                    return;
                }

                _acknowledgedThrough = throughSequence;
                ReleaseSegments();
            }
        }

        /// <inheritdoc />
        public void RequestResend(long firstSequence, long lastSequence)
        {
            lock (_sync)
            {
                if (_log == null)
                {
                    return;
                }

                if (firstSequence <= _acknowledgedThrough)
                {
                    firstSequence = _acknowledgedThrough + 1;
                }

                if (firstSequence > lastSequence)
                {
                    return;
                }

                if (_resend.Count == 0)
                {
                    _resendSegment = _log.HeadSegment;
                    _resendOffset = FlashLog.SegmentHeaderBytes;
                }

                _resend.Add(firstSequence, lastSequence);
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
        /// Records the drain position and the ledger's mark now, so a clean restart sends none of
        /// the messages already released again. Optional: call before a planned reboot.
        /// </summary>
        public void Checkpoint()
        {
            lock (_sync)
            {
                if (_log != null)
                {
                    SaveRecord(_log.HeadSegment);
                }
            }
        }

        private static long Max(long a, long b)
        {
            return a > b ? a : b;
        }

        private static long Tag(long segment, int offset)
        {
            return (segment * TagSegmentFactor) + offset;
        }

        private static bool IsBefore(long segmentA, int offsetA, long segmentB, int offsetB)
        {
            return segmentA < segmentB || (segmentA == segmentB && offsetA < offsetB);
        }

        private int PeekResend(byte[] destination, out MessageKind kind)
        {
            kind = MessageKind.Reading;
            while (_resend.Count > 0)
            {
                // Past the drain position the normal drain sends everything anyway.
                if (!IsBefore(_resendSegment, _resendOffset, _cursorSegment, _cursorOffset))
                {
                    NextResendRange();
                    continue;
                }

                int end = _log.EndOf(_resendSegment);
                bool outside = _log.MinSequenceIn(_resendSegment) > _resend.Last || _log.MaxSequenceIn(_resendSegment) < _resend.First;
                if (end < 0 || _resendOffset >= end || outside)
                {
                    _resendSegment++;
                    _resendOffset = FlashLog.SegmentHeaderBytes;
                    continue;
                }

                int next = ReadEntry(_resendSegment, _resendOffset, destination);
                if (next < 0)
                {
                    _resendSegment++;
                    _resendOffset = FlashLog.SegmentHeaderBytes;
                    continue;
                }

                long sequence = _entrySequence;
                if (sequence < _resend.First || sequence > _resend.Last || IsAcknowledged(sequence))
                {
                    _resendOffset = next;
                    continue;
                }

                kind = _entryKind;
                SetPeek(true, _resendSegment, _resendOffset, next);
                return _entryLength;
            }

            return -1;
        }

        private int PeekDrain(byte[] destination, out MessageKind kind)
        {
            kind = MessageKind.Reading;
            while (true)
            {
                int end = _log.EndOf(_cursorSegment);
                if (end < 0 || _cursorOffset >= end)
                {
                    if (_cursorSegment >= _log.NextSegment - 1)
                    {
                        return -1;
                    }

                    MoveCursorToSegment(_cursorSegment + 1);
                    ReleaseSegments();
                    continue;
                }

                int next = ReadEntry(_cursorSegment, _cursorOffset, destination);
                if (next < 0)
                {
                    // Written this boot and now unreadable: the flash lost it. Its seq shows as a gap.
                    DamagedSegmentCount++;
                    _log.CloseAt(_cursorSegment, _cursorOffset);
                    continue;
                }

                if (IsAcknowledged(_entrySequence))
                {
                    // The ledger has it already (sent before a reboot): no need to send it again.
                    _cursorOffset = next;
                    _cursorIndex++;
                    continue;
                }

                kind = _entryKind;
                SetPeek(false, _cursorSegment, _cursorOffset, next);
                return _entryLength;
            }
        }

        private void SetPeek(bool fromResend, long segment, int offset, int next)
        {
            _peekValid = true;
            _peekFromResend = fromResend;
            _peekSegment = segment;
            _peekOffset = offset;
            _peekNext = next;
        }

        /// <summary>
        /// Reads the entry at (segment, offset) from the RAM cache when it is there, else from flash
        /// (CRC checked); sets the entry fields. Returns the next entry's offset, or -1.
        /// </summary>
        private int ReadEntry(long segment, int offset, byte[] destination)
        {
            int index = _ring.IndexOfTag(Tag(segment, offset));
            if (index >= 0)
            {
                _entryKind = _ring.KindAt(index);
                _entrySequence = _ring.SequenceAt(index);
                _entryLength = _ring.CopyAt(index, destination);
                return offset + FlashLog.EntryOverheadBytes + _entryLength;
            }

            int next = _log.ReadEntry(segment, offset, destination);
            _entryKind = _log.EntryKind;
            _entrySequence = _log.EntrySequence;
            _entryLength = _log.EntryLength;
            return next;
        }

        /// <summary>True when the ledger's mark covers sequence (a seq is at least 1; 0 marks a message without one).</summary>
        private bool IsAcknowledged(long sequence)
        {
            return sequence > 0 && sequence <= _acknowledgedThrough;
        }

        private void NextResendRange()
        {
            _resend.RemoveFirst();
            _resendSegment = _log.HeadSegment;
            _resendOffset = FlashLog.SegmentHeaderBytes;
        }

        private void ResetCursorToHead()
        {
            _cursorSegment = _log.HeadSegment;
            _cursorOffset = FlashLog.SegmentHeaderBytes;
            _cursorIndex = 0;
        }

        private void MoveCursorToSegment(long segment)
        {
            _cursorSegment = segment;
            _cursorOffset = FlashLog.SegmentHeaderBytes;
            _cursorIndex = 0;
        }

        /// <summary>Moves the drain position one entry on (or to the next segment); false at the end of the log.</summary>
        private bool StepCursor()
        {
            int end = _log.EndOf(_cursorSegment);
            if (end < 0 || _cursorOffset >= end)
            {
                if (_cursorSegment >= _log.NextSegment - 1)
                {
                    return false;
                }

                MoveCursorToSegment(_cursorSegment + 1);
                return true;
            }

            int next = _log.ReadEntryHeader(_cursorSegment, _cursorOffset);
            if (next < 0)
            {
                _log.CloseAt(_cursorSegment, _cursorOffset);
                return true;
            }

            _cursorOffset = next;
            _cursorIndex++;
            return true;
        }

        /// <summary>Deletes the oldest segments every message of which is released; the newest segment stays open.</summary>
        private void ReleaseSegments()
        {
            while (_log.SegmentCount > 1)
            {
                long head = _log.HeadSegment;
                bool published = ReleaseMode == OutboxReleaseMode.AtBrokerAcknowledgement && _cursorSegment > head;
                bool inLedger = _log.EntriesIn(head) == 0
                    || (IsAcknowledged(_log.MinSequenceIn(head)) && IsAcknowledged(_log.MaxSequenceIn(head)));
                if (!published && !inLedger)
                {
                    return;
                }

                DeleteHead();
            }
        }

        private void DropHeadSegment()
        {
            long head = _log.HeadSegment;
            int end = _log.EndOf(head);
            for (int offset = FlashLog.SegmentHeaderBytes; offset >= 0 && offset < end;)
            {
                int next = _log.ReadEntryHeader(head, offset);
                if (next < 0)
                {
                    break;
                }

                bool released = IsAcknowledged(_log.EntrySequence)
                    || (ReleaseMode == OutboxReleaseMode.AtBrokerAcknowledgement && IsBefore(head, offset, _cursorSegment, _cursorOffset));
                if (!released)
                {
                    CountDropped(_log.EntryKind, _log.EntrySequence);
                }

                offset = next;
            }

            DeleteHead();
        }

        private void DeleteHead()
        {
            long head = _log.HeadSegment;
            if (_cursorSegment <= head)
            {
                MoveCursorToSegment(head + 1);
            }

            if (_resendSegment <= head)
            {
                _resendSegment = head + 1;
                _resendOffset = FlashLog.SegmentHeaderBytes;
            }

            // The record first: a cut after it leaves an orphan blob Open deletes, never a named hole.
            SaveRecord(head + 1);
            _log.DeleteHead();
        }

        private void SaveRecord(long firstKeptSegment)
        {
            _record.FirstKeptSegment = firstKeptSegment;
            _record.DrainSegment = _cursorSegment;
            _record.DrainOffset = _cursorOffset;
            _record.AcknowledgedThroughSequence = _acknowledgedThrough;
            _record.HighestReadingSequence = _highestReadingSequence;
            _record.HighestEventSequence = _highestEventSequence;
            _record.Save();
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
