using EdgeController.Core.Storage;
using EdgeController.Hal;

namespace EdgeController.Core.Telemetry
{
    /// <summary>
    /// What the durable outbox has released, kept in the torn-write-safe record "obr" (two slots):
    /// the first segment still kept (older ones are released, whether or not their blob is already
    /// deleted), the drain position (at-PUBACK mode: every entry before it was published and is
    /// released), the ledger's mark (every seq up to it is in the ledger) and the highest reading
    /// and event seq ever queued, so the seq survives the deletion of every segment. Written only
    /// when a segment is released or dropped (before its blob is deleted) and at a checkpoint:
    /// about once per segment, not once per message.
    /// Payload (little-endian): version 1 (1 byte), first kept segment (int64), drain segment
    /// (int64), drain offset (int32), acknowledged-through seq (int64), highest reading seq
    /// (int64), highest event seq (int64).
    /// </summary>
    public sealed class OutboxReleaseRecord
    {
        /// <summary>The record's name on the store (slots "obr.a", "obr.b").</summary>
        public const string RecordName = "obr";

        /// <summary>Bytes of the payload.</summary>
        public const int PayloadBytes = 1 + 8 + 8 + 4 + 8 + 8 + 8;

        private const byte Version = 1;

        private readonly TwoSlotRecordStore _record;
        private readonly byte[] _payload = new byte[PayloadBytes];

        /// <summary>The record over store.</summary>
        public OutboxReleaseRecord(INonVolatileStore store)
        {
            _record = new TwoSlotRecordStore(store, RecordName, PayloadBytes);
        }

        /// <summary>Segments below this one are released.</summary>
        public long FirstKeptSegment;

        /// <summary>The drain position's segment.</summary>
        public long DrainSegment;

        /// <summary>The drain position's offset in its segment.</summary>
        public int DrainOffset;

        /// <summary>The ledger's mark: every seq up to it may be forgotten.</summary>
        public long AcknowledgedThroughSequence;

        /// <summary>The highest reading seq ever queued.</summary>
        public long HighestReadingSequence;

        /// <summary>The highest event seq ever queued.</summary>
        public long HighestEventSequence;

        /// <summary>Reads the newest valid copy; false (all fields 0) when there is none.</summary>
        public bool Load()
        {
            FirstKeptSegment = 0;
            DrainSegment = 0;
            DrainOffset = 0;
            AcknowledgedThroughSequence = 0;
            HighestReadingSequence = 0;
            HighestEventSequence = 0;
            if (_record.TryLoad(_payload) != PayloadBytes || _payload[0] != Version)
            {
                return false;
            }

            FirstKeptSegment = LittleEndian.ReadInt64(_payload, 1);
            DrainSegment = LittleEndian.ReadInt64(_payload, 9);
            DrainOffset = (int)LittleEndian.ReadUInt32(_payload, 17);
            AcknowledgedThroughSequence = LittleEndian.ReadInt64(_payload, 21);
            HighestReadingSequence = LittleEndian.ReadInt64(_payload, 29);
            HighestEventSequence = LittleEndian.ReadInt64(_payload, 37);
            return true;
        }

        /// <summary>Writes the fields as the newest copy (call <see cref="Load"/> once first).</summary>
        public void Save()
        {
            _payload[0] = Version;
            LittleEndian.WriteInt64(_payload, 1, FirstKeptSegment);
            LittleEndian.WriteInt64(_payload, 9, DrainSegment);
            LittleEndian.WriteUInt32(_payload, 17, (uint)DrainOffset);
            LittleEndian.WriteInt64(_payload, 21, AcknowledgedThroughSequence);
            LittleEndian.WriteInt64(_payload, 29, HighestReadingSequence);
            LittleEndian.WriteInt64(_payload, 37, HighestEventSequence);
            _record.Save(_payload, PayloadBytes);
        }
    }
}
