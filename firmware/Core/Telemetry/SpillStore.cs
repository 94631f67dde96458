using EdgeController.Core.Storage;
using EdgeController.Hal;

namespace EdgeController.Core.Telemetry
{
    /// <summary>
    /// The outbox's flash: sealed segment files "obs.&lt;n&gt;" for n in [head, tail), each a
    /// <see cref="SpillSegment"/> with its own CRC, written once and deleted once every message in it
    /// has its PUBACK; the open record "obo" (two slots) with the messages not yet sealed; and the
    /// index "obi" (two slots) with head and tail. A segment is written completely before the index
    /// names it, and the open record is rewritten only after that, so a power cut at any point
    /// loses at most the write in progress and never damages an older segment.
    /// </summary>
    public sealed class SpillStore
    {
        /// <summary>Name of the open record (slots "obo.a" and "obo.b").</summary>
        public const string OpenRecordName = "obo";

        /// <summary>Name of the index record (slots "obi.a" and "obi.b").</summary>
        public const string IndexRecordName = "obi";

        /// <summary>Prefix of sealed segment blobs.</summary>
        public const string SegmentPrefix = "obs.";

        private const int IndexBytes = 1 + (4 * 8);
        private const byte IndexVersion = 1;

        private readonly INonVolatileStore _store;
        private readonly TwoSlotRecordStore _openRecord;
        private readonly TwoSlotRecordStore _indexRecord;
        private readonly byte[] _indexBuffer = new byte[IndexBytes];

        /// <summary>A spill of up to maxSegments sealed segments of segmentCapacityMessages messages.</summary>
        public SpillStore(INonVolatileStore store, int segmentCapacityMessages, int maxMessageBytes, int maxSegments)
        {
            int segmentBytes = SpillSegment.BytesFor(segmentCapacityMessages, maxMessageBytes);
            if (maxSegments < 1 || segmentBytes > 0xFFFF)
            {
                throw new System.ArgumentOutOfRangeException("maxSegments", "at least one segment, each under 64 KiB");
            }

            _store = store;
            _openRecord = new TwoSlotRecordStore(store, OpenRecordName, segmentBytes);
            _indexRecord = new TwoSlotRecordStore(store, IndexRecordName, IndexBytes);
            MaxSegments = maxSegments;
        }

        /// <summary>Sealed segments kept at most; the full-store policy applies beyond.</summary>
        public int MaxSegments { get; private set; }

        /// <summary>The oldest sealed segment still on flash.</summary>
        public long HeadSegment { get; private set; }

        /// <summary>The number the next sealed segment gets (the open record's number).</summary>
        public long TailSegment { get; private set; }

        /// <summary>Sealed segments on flash.</summary>
        public int SealedSegmentCount
        {
            get { return (int)(TailSegment - HeadSegment); }
        }

        /// <summary>The highest reading seq found on flash at <see cref="Load"/>.</summary>
        public long HighestReadingSequenceAtLoad { get; private set; }

        /// <summary>The highest event seq found on flash at <see cref="Load"/>.</summary>
        public long HighestEventSequenceAtLoad { get; private set; }

        /// <summary>
        /// Reads the index and the open record. Returns true when openSegment now holds the open
        /// record's messages (those not yet sealed), false when there are none to restore.
        /// </summary>
        public bool Load(SpillSegment openSegment)
        {
            HeadSegment = 0;
            TailSegment = 0;
            long highestReading = 0;
            long highestEvent = 0;
            bool indexFound = _indexRecord.TryLoad(_indexBuffer) == IndexBytes && _indexBuffer[0] == IndexVersion;
            if (indexFound)
            {
                HeadSegment = LittleEndian.ReadInt64(_indexBuffer, 1);
                TailSegment = LittleEndian.ReadInt64(_indexBuffer, 9);
                highestReading = LittleEndian.ReadInt64(_indexBuffer, 17);
                highestEvent = LittleEndian.ReadInt64(_indexBuffer, 25);
            }

            int length = _openRecord.TryLoad(openSegment.Buffer);
            bool openValid = length > 0 && openSegment.TryDecode(length);
            bool restore = false;
            if (openValid)
            {
                highestReading = Max(highestReading, openSegment.HighestReadingSequence);
                highestEvent = Max(highestEvent, openSegment.HighestEventSequence);
                if (!indexFound || openSegment.SegmentNumber > TailSegment)
                {
                    // The index is lost: the open record's number is the best tail we know. Older
                    // sealed segments it named are abandoned; the gateway will report their seq gap.
                    HeadSegment = openSegment.SegmentNumber;
                    TailSegment = openSegment.SegmentNumber;
                }

                // A smaller number means power failed after sealing but before the open record was
                // rewritten: its messages are already in the sealed segment.
                restore = openSegment.SegmentNumber == TailSegment;
            }

            HighestReadingSequenceAtLoad = highestReading;
            HighestEventSequenceAtLoad = highestEvent;
            return restore;
        }

        /// <summary>Rewrites the open record with a finished batch numbered <see cref="TailSegment"/>.</summary>
        public void SaveOpen(SpillSegment batch)
        {
            _openRecord.Save(batch.Buffer, batch.Length);
        }

        /// <summary>Writes a finished batch numbered <see cref="TailSegment"/> as a sealed segment, then names it in the index.</summary>
        public void Seal(SpillSegment batch)
        {
            _store.Write(SegmentName(TailSegment), batch.Buffer, batch.Length);
            TailSegment++;
            SaveIndex(batch.HighestReadingSequence, batch.HighestEventSequence);
        }

        /// <summary>Reads the head segment into batch; false when it is missing or damaged.</summary>
        public bool LoadHead(SpillSegment batch)
        {
            int length;
            if (SealedSegmentCount == 0 || !_store.TryRead(SegmentName(HeadSegment), batch.Buffer, out length))
            {
                return false;
            }

            return batch.TryDecode(length) && batch.SegmentNumber == HeadSegment;
        }

        /// <summary>Deletes the head segment (drained, dropped or damaged) and advances the index.</summary>
        public void DiscardHead(long highestReadingSequence, long highestEventSequence)
        {
            if (SealedSegmentCount == 0)
            {
                return;
            }

            // Index first: a power cut after it leaves an orphan file, never a named hole.
            long discarded = HeadSegment;
            HeadSegment++;
            SaveIndex(highestReadingSequence, highestEventSequence);
            _store.Delete(SegmentName(discarded));
        }

        private void SaveIndex(long highestReadingSequence, long highestEventSequence)
        {
            _indexBuffer[0] = IndexVersion;
            LittleEndian.WriteInt64(_indexBuffer, 1, HeadSegment);
            LittleEndian.WriteInt64(_indexBuffer, 9, TailSegment);
            LittleEndian.WriteInt64(_indexBuffer, 17, highestReadingSequence);
            LittleEndian.WriteInt64(_indexBuffer, 25, highestEventSequence);
            _indexRecord.Save(_indexBuffer, IndexBytes);
        }

        private static string SegmentName(long number)
        {
            return SegmentPrefix + number.ToString();
        }

        private static long Max(long a, long b)
        {
            return a > b ? a : b;
        }
    }
}
