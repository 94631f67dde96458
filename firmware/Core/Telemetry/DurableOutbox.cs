using EdgeController.Hal;

namespace EdgeController.Core.Telemetry
{
    /// <summary>
    /// The outbox on flash. Every message is appended to a <see cref="FlashLog"/> before
    /// <see cref="Enqueue"/> returns, so it survives a reboot; a <see cref="MessageRing"/> only
    /// caches the newest messages so the drain rarely reads flash back. Two positions walk the
    /// log: the drain (the oldest message not yet published) and, when the ledger asks, the resend
    /// (messages still held whose seq it lacks, sent again with the same bytes). A segment's blob
    /// is deleted when every message in it is released (<see cref="OutboxReleaseMode"/>), the
    /// release recorded first (<see cref="OutboxReleaseRecord"/>). When a new segment is needed
    /// and the budget is used up, the oldest segment is dropped whole and what in it was not
    /// released is counted. Not thread-safe: <see cref="TelemetryOutbox"/> calls it under its lock.
    /// </summary>
    internal sealed class DurableOutbox
    {
        private const long TagSegmentFactor = 0x10000;

        private readonly MessageRing _ring;
        private readonly FlashLog _log;
        private readonly OutboxReleaseRecord _record;
        private readonly ResendRanges _resend;
        private readonly DroppedMessageTally _dropped;
        private readonly HighestSequences _highest;
        private readonly OutboxReleaseMode _releaseMode;
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
        private MessageKind _entryKind;
        private long _entrySequence;
        private int _entryLength;

        /// <summary>Restores what a previous boot left on store.</summary>
        public DurableOutbox(int ramRingSlots, int maxMessageBytes, INonVolatileStore store, int flashBudgetBytes, int segmentBytes,
            OutboxReleaseMode releaseMode, int resendRangeSlots, DroppedMessageTally dropped)
        {
            _ring = new MessageRing(ramRingSlots, maxMessageBytes);
            _releaseMode = releaseMode;
            _dropped = dropped;
            _log = new FlashLog(store, maxMessageBytes, segmentBytes, flashBudgetBytes / segmentBytes);
            _record = new OutboxReleaseRecord(store);
            _resend = new ResendRanges(resendRangeSlots);
            _record.Load();
            _log.Open(_record.FirstKeptSegment);
            DamagedSegmentCount = _log.DamagedAtOpen;
            _acknowledgedThrough = _record.AcknowledgedThroughSequence;
            _highest = new HighestSequences(
                Max(_record.HighestReadingSequence, _log.HighestReadingAtOpen),
                Max(_record.HighestEventSequence, _log.HighestEventAtOpen));
            ResetCursorToHead();
            if (releaseMode == OutboxReleaseMode.AtBrokerAcknowledgement)
            {
                // Everything before the recorded drain position was published and released.
                while (IsBefore(_cursorSegment, _cursorOffset, _record.DrainSegment, _record.DrainOffset) && StepCursor())
                {
                }
            }

            ReleaseSegments();
        }

        public int Capacity
        {
            get { return _ring.Capacity; }
        }

        public int FlashBudgetBytes
        {
            get { return _log.MaxSegments * _log.SegmentBytes; }
        }

        /// <summary>Messages not yet published (resends not counted).</summary>
        public int Count
        {
            get
            {
                int pending = -_cursorIndex;
                for (long n = _cursorSegment; n < _log.NextSegment; n++)
                {
                    pending += _log.EntriesIn(n);
                }

                return pending < 0 ? 0 : pending;
            }
        }

        public int HeldOnFlashCount
        {
            get { return _log.EntryCount; }
        }

        public int SegmentCount
        {
            get { return _log.SegmentCount; }
        }

        public long AcknowledgedThroughSequence
        {
            get { return _acknowledgedThrough; }
        }

        public long ResentCount { get; private set; }

        public long DamagedSegmentCount { get; private set; }

        public long HighestSequence(MessageKind kind)
        {
            return _highest.Of(kind);
        }

        public void Enqueue(MessageKind kind, long sequence, byte[] message, int length)
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
            _highest.Note(kind, sequence);
        }

        /// <summary>A message the ledger asked for again first, else the oldest not yet published.</summary>
        public int PeekOldest(byte[] destination, out MessageKind kind)
        {
            _peekValid = false;
            int length = PeekResend(destination, out kind);
            if (length >= 0)
            {
                return length;
            }

            return PeekDrain(destination, out kind);
        }

        /// <summary>The peeked message was published; does nothing if it is no longer the next.</summary>
        public void RemoveOldest()
        {
            if (!_peekValid)
            {
                return;
            }

            _peekValid = false;
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
                if (_releaseMode == OutboxReleaseMode.AtBrokerAcknowledgement
                    && _cursorOffset >= _log.EndOf(_cursorSegment) && _cursorSegment < _log.NextSegment - 1)
                {
                    MoveCursorToSegment(_cursorSegment + 1);
                    ReleaseSegments();
                }
            }
        }

        public void Acknowledge(long throughSequence)
        {
            if (throughSequence <= _acknowledgedThrough)
            {
                return;
            }

            _acknowledgedThrough = throughSequence;
            ReleaseSegments();
        }

        public void RequestResend(long firstSequence, long lastSequence)
        {
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

        public void Checkpoint()
        {
            SaveRecord(_log.HeadSegment);
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
                bool published = _releaseMode == OutboxReleaseMode.AtBrokerAcknowledgement && _cursorSegment > head;
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
                    || (_releaseMode == OutboxReleaseMode.AtBrokerAcknowledgement && IsBefore(head, offset, _cursorSegment, _cursorOffset));
                if (!released)
                {
                    _dropped.Count(_log.EntryKind, _log.EntrySequence);
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
            _record.HighestReadingSequence = _highest.Reading;
            _record.HighestEventSequence = _highest.Event;
            _record.Save();
        }
    }
}
