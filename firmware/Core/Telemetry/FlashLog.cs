using EdgeController.Core.Storage;
using EdgeController.Hal;

namespace EdgeController.Core.Telemetry
{
    /// <summary>
    /// The outbox's messages on flash as an append-only log of bounded segments (docs/design.md,
    /// "Device flash log"). Segment n is the blob "obl.&lt;n mod MaxSegments&gt;": a 16-byte header
    /// ("ECL1", n as int64, CRC-32 of those 12 bytes), then entries, each appended once and never
    /// rewritten: 0xEC, kind (1 byte), message length (uint16), seq (int64), the message, CRC-32
    /// of everything before it in the entry (all little-endian). A segment holds at most
    /// SegmentBytes; an entry that does not fit opens segment n+1.
    /// <para>Torn-tail rule: <see cref="Open"/> reads every segment entry by entry and stops at
    /// the first entry that is short or fails its CRC. The entries before it are the segment; the
    /// bytes from it on are never read as data, and the segment is closed there: nothing is
    /// appended after a torn tail and nothing is rewritten, the next append opens a new segment.
    /// A segment whose header is torn (a cut while it was being created) holds no entry and is
    /// deleted.</para>
    /// RAM: the entry buffer (32 + maxMessageBytes), and per segment of the budget 32 bytes of
    /// segment table and its blob name ("obl.n", about 24 bytes as a nanoFramework string).
    /// Not thread-safe: the outbox locks around it.
    /// </summary>
    public sealed class FlashLog
    {
        /// <summary>Prefix of the segment blobs.</summary>
        public const string SegmentPrefix = "obl.";

        /// <summary>Bytes of a segment's header; the first entry starts here.</summary>
        public const int SegmentHeaderBytes = 16;

        /// <summary>Bytes an entry adds to its message.</summary>
        public const int EntryOverheadBytes = 16;

        private const int EntryHeaderBytes = 12;
        private const byte EntryMagic = 0xEC;

        private static readonly byte[] s_segmentMagic = new byte[] { (byte)'E', (byte)'C', (byte)'L', (byte)'1' };

        private readonly INonVolatileStore _store;
        private readonly string[] _names;
        private readonly long[] _numbers;
        private readonly int[] _ends;
        private readonly int[] _entries;
        private readonly long[] _minSequences;
        private readonly long[] _maxSequences;
        private readonly byte[] _buffer;
        private bool _tailOpen;
        private int _earlyEnds;
        private long _newestEarlyEnd;

        /// <summary>A log of up to maxSegments segments of segmentBytes each, for messages of up to maxMessageBytes.</summary>
        public FlashLog(INonVolatileStore store, int maxMessageBytes, int segmentBytes, int maxSegments)
        {
            if (maxMessageBytes < 1 || segmentBytes < SegmentHeaderBytes + EntryOverheadBytes + maxMessageBytes || segmentBytes > 0xFFFF)
            {
                throw new System.ArgumentOutOfRangeException("segmentBytes", "a segment holds at least one largest message and stays under 64 KiB");
            }

            if (maxSegments < 2)
            {
                throw new System.ArgumentOutOfRangeException("maxSegments", "at least two segments: the oldest can be dropped while the newest fills");
            }

            _store = store;
            MaxMessageBytes = maxMessageBytes;
            SegmentBytes = segmentBytes;
            MaxSegments = maxSegments;
            _names = new string[maxSegments];
            _numbers = new long[maxSegments];
            _ends = new int[maxSegments];
            _entries = new int[maxSegments];
            _minSequences = new long[maxSegments];
            _maxSequences = new long[maxSegments];
            for (int i = 0; i < maxSegments; i++)
            {
                // Made once here, so appending and rolling over allocate nothing.
                _names[i] = SegmentPrefix + i.ToString();
                _numbers[i] = -1;
            }

            _buffer = new byte[SegmentHeaderBytes + EntryOverheadBytes + maxMessageBytes];
        }

        /// <summary>The largest message.</summary>
        public int MaxMessageBytes { get; private set; }

        /// <summary>The most bytes a segment holds.</summary>
        public int SegmentBytes { get; private set; }

        /// <summary>Segments kept at most (the flash budget is MaxSegments x SegmentBytes).</summary>
        public int MaxSegments { get; private set; }

        /// <summary>The oldest segment's number (equal to <see cref="NextSegment"/> when there is none).</summary>
        public long HeadSegment { get; private set; }

        /// <summary>The number the next new segment gets; the newest segment is NextSegment - 1.</summary>
        public long NextSegment { get; private set; }

        /// <summary>Segments in the window HeadSegment..NextSegment-1 (a missing one still counts against the budget).</summary>
        public int SegmentCount
        {
            get { return (int)(NextSegment - HeadSegment); }
        }

        /// <summary>Segments found damaged by <see cref="Open"/>: a torn header, or a torn or corrupt entry before the end.</summary>
        public int DamagedAtOpen { get; private set; }

        /// <summary>The highest reading seq among the entries <see cref="Open"/> found.</summary>
        public long HighestReadingAtOpen { get; private set; }

        /// <summary>The highest event seq among the entries <see cref="Open"/> found.</summary>
        public long HighestEventAtOpen { get; private set; }

        /// <summary>Kind of the entry the last read returned.</summary>
        public MessageKind EntryKind { get; private set; }

        /// <summary>Seq of the entry the last read returned.</summary>
        public long EntrySequence { get; private set; }

        /// <summary>Message length of the entry the last read returned.</summary>
        public int EntryLength { get; private set; }

        /// <summary>Entries held in all segments.</summary>
        public int EntryCount
        {
            get
            {
                int total = 0;
                for (long n = HeadSegment; n < NextSegment; n++)
                {
                    total += EntriesIn(n);
                }

                return total;
            }
        }

        /// <summary>
        /// Finds the segments on the store. Segments numbered below firstKeptSegment were released
        /// (a power cut came between the record naming their release and their deletion) and are
        /// deleted now, as is any blob whose header is torn or names another slot.
        /// </summary>
        public void Open(long firstKeptSegment)
        {
            DamagedAtOpen = 0;
            HighestReadingAtOpen = 0;
            HighestEventAtOpen = 0;
            long lowest = long.MaxValue;
            long highest = -1;
            _earlyEnds = 0;
            _newestEarlyEnd = -1;
            for (int slot = 0; slot < MaxSegments; slot++)
            {
                _numbers[slot] = -1;
                int size = _store.SizeOf(NameOf(slot));
                if (size < 0)
                {
                    continue;
                }

                long number = ReadHeader(slot, size);
                if (number < 0 || number < firstKeptSegment || (number % MaxSegments) != slot)
                {
                    DamagedAtOpen += number < 0 && size > 0 ? 1 : 0;
                    _store.Delete(NameOf(slot));
                    continue;
                }

                ScanSegment(slot, number, size);
                lowest = number < lowest ? number : lowest;
                highest = number > highest ? number : highest;
            }

            if (highest < 0)
            {
                HeadSegment = firstKeptSegment;
                NextSegment = firstKeptSegment;
                _tailOpen = false;
                return;
            }

            HeadSegment = lowest;
            NextSegment = highest + 1;
            DamagedAtOpen += _earlyEnds - (_newestEarlyEnd == highest ? 1 : 0);
            int tailSlot = SlotOf(highest);

            // The newest segment takes more entries only when its last entry ends the blob.
            _tailOpen = _store.SizeOf(NameOf(tailSlot)) == _ends[tailSlot];
        }

        /// <summary>True when an entry of messageLength bytes would open a new segment.</summary>
        public bool NeedsNewSegment(int messageLength)
        {
            if (!_tailOpen || NextSegment == HeadSegment)
            {
                return true;
            }

            return EndOf(NextSegment - 1) + EntryOverheadBytes + messageLength > SegmentBytes;
        }

        /// <summary>
        /// Appends one entry, opening a new segment when it does not fit the newest one (the caller
        /// makes room first: SegmentCount must stay within MaxSegments). The entry is on flash when
        /// this returns. If the append throws, the newest segment is closed (its tail may be torn).
        /// </summary>
        public void Append(MessageKind kind, long sequence, byte[] message, int length, out long segment, out int offset)
        {
            if (length < 0 || length > MaxMessageBytes)
            {
                throw new System.ArgumentOutOfRangeException("length");
            }

            bool newSegment = NeedsNewSegment(length);
            if (newSegment && SegmentCount >= MaxSegments)
            {
                throw new System.InvalidOperationException("flash log full: drop the oldest segment first");
            }

            int position = 0;
            if (newSegment)
            {
                segment = NextSegment;
                System.Array.Copy(s_segmentMagic, 0, _buffer, 0, 4);
                LittleEndian.WriteInt64(_buffer, 4, segment);
                LittleEndian.WriteUInt32(_buffer, 12, Crc32.Compute(_buffer, 0, 12));
                position = SegmentHeaderBytes;
                offset = SegmentHeaderBytes;
            }
            else
            {
                segment = NextSegment - 1;
                offset = EndOf(segment);
            }

            int entryStart = position;
            _buffer[position] = EntryMagic;
            _buffer[position + 1] = (byte)kind;
            LittleEndian.WriteUInt16(_buffer, position + 2, length);
            LittleEndian.WriteInt64(_buffer, position + 4, sequence);
            System.Array.Copy(message, 0, _buffer, position + EntryHeaderBytes, length);
            int crcAt = position + EntryHeaderBytes + length;
            LittleEndian.WriteUInt32(_buffer, crcAt, Crc32.Compute(_buffer, entryStart, crcAt - entryStart));
            int total = crcAt + 4;
            int slot = SlotOf(segment);
            if (newSegment)
            {
                // The slot held segment - MaxSegments, released before; a leftover blob would
                // put this segment's bytes after foreign ones.
                if (_store.SizeOf(NameOf(slot)) >= 0)
                {
                    _store.Delete(NameOf(slot));
                }

                _numbers[slot] = segment;
                _ends[slot] = 0;
                _entries[slot] = 0;
                NextSegment = segment + 1;
                _tailOpen = false;
            }

            bool written = false;
            try
            {
                _store.Append(NameOf(slot), _buffer, 0, total);
                written = true;
            }
            finally
            {
                _tailOpen = written;
            }

            if (newSegment)
            {
                _ends[slot] = SegmentHeaderBytes;
                _minSequences[slot] = sequence;
                _maxSequences[slot] = sequence;
            }

            _ends[slot] += EntryOverheadBytes + length;
            _entries[slot]++;
            _minSequences[slot] = sequence < _minSequences[slot] ? sequence : _minSequences[slot];
            _maxSequences[slot] = sequence > _maxSequences[slot] ? sequence : _maxSequences[slot];
        }

        /// <summary>True when segment is in the window and on the store.</summary>
        public bool IsPresent(long segment)
        {
            return segment >= HeadSegment && segment < NextSegment && _numbers[SlotOf(segment)] == segment;
        }

        /// <summary>Where the segment's valid entries end (its next append offset), or -1 when it is not present.</summary>
        public int EndOf(long segment)
        {
            return IsPresent(segment) ? _ends[SlotOf(segment)] : -1;
        }

        /// <summary>Entries in the segment (0 when it is not present).</summary>
        public int EntriesIn(long segment)
        {
            return IsPresent(segment) ? _entries[SlotOf(segment)] : 0;
        }

        /// <summary>The lowest seq in the segment (long.MaxValue when it holds none).</summary>
        public long MinSequenceIn(long segment)
        {
            return EntriesIn(segment) > 0 ? _minSequences[SlotOf(segment)] : long.MaxValue;
        }

        /// <summary>The highest seq in the segment (long.MinValue when it holds none).</summary>
        public long MaxSequenceIn(long segment)
        {
            return EntriesIn(segment) > 0 ? _maxSequences[SlotOf(segment)] : long.MinValue;
        }

        /// <summary>
        /// Reads the entry at offset of segment, checks its CRC and copies its message into
        /// destination (when not null); sets <see cref="EntryKind"/>, <see cref="EntrySequence"/>
        /// and <see cref="EntryLength"/>. Returns the next entry's offset, or -1 when there is no
        /// valid entry there.
        /// </summary>
        public int ReadEntry(long segment, int offset, byte[] destination)
        {
            return IsPresent(segment) ? ReadEntryInSlot(SlotOf(segment), offset, EndOf(segment), destination) : -1;
        }

        /// <summary>
        /// Reads only the header of the entry at offset (kind, seq, length; no CRC check: the entry
        /// was checked when it was written or opened). Returns the next entry's offset, or -1.
        /// </summary>
        public int ReadEntryHeader(long segment, int offset)
        {
            int end = EndOf(segment);
            if (offset < SegmentHeaderBytes || offset + EntryOverheadBytes > end
                || _store.ReadAt(NameOf(SlotOf(segment)), offset, _buffer, 0, EntryHeaderBytes) != EntryHeaderBytes
                || _buffer[0] != EntryMagic)
            {
                return -1;
            }

            SetEntryFields();
            int next = offset + EntryOverheadBytes + EntryLength;
            return next <= end ? next : -1;
        }

        /// <summary>
        /// Treats the segment as ending at offset from now on (an entry there failed its check
        /// when read back): the rest is never read, and nothing is appended to it.
        /// </summary>
        public void CloseAt(long segment, int offset)
        {
            if (!IsPresent(segment) || offset >= _ends[SlotOf(segment)])
            {
                return;
            }

            int slot = SlotOf(segment);
            _ends[slot] = offset < SegmentHeaderBytes ? SegmentHeaderBytes : offset;
            int count = 0;
            for (int at = SegmentHeaderBytes; at < _ends[slot]; at = ReadEntryHeader(segment, at))
            {
                if (at < 0)
                {
                    break;
                }

                count++;
            }

            _entries[slot] = count;
            if (segment == NextSegment - 1)
            {
                _tailOpen = false;
            }
        }

        /// <summary>Deletes the oldest segment (the caller has recorded its release first) and advances the head.</summary>
        public void DeleteHead()
        {
            if (SegmentCount == 0)
            {
                return;
            }

            int slot = SlotOf(HeadSegment);
            if (_numbers[slot] == HeadSegment)
            {
                _numbers[slot] = -1;
                _store.Delete(NameOf(slot));
            }

            HeadSegment++;
            if (HeadSegment == NextSegment)
            {
                _tailOpen = false;
            }
        }

        private string NameOf(int slot)
        {
            return _names[slot];
        }

        private int SlotOf(long segment)
        {
            return (int)(segment % MaxSegments);
        }

        private int ReadEntryInSlot(int slot, int offset, int end, byte[] destination)
        {
            if (offset < SegmentHeaderBytes || offset + EntryOverheadBytes > end)
            {
                return -1;
            }

            int wanted = end - offset;
            if (wanted > EntryOverheadBytes + MaxMessageBytes)
            {
                wanted = EntryOverheadBytes + MaxMessageBytes;
            }

            int read = _store.ReadAt(NameOf(slot), offset, _buffer, 0, wanted);
            int length = DecodeEntry(read);
            if (length < 0)
            {
                return -1;
            }

            if (destination != null)
            {
                System.Array.Copy(_buffer, EntryHeaderBytes, destination, 0, length);
            }

            return offset + EntryOverheadBytes + length;
        }

        private long ReadHeader(int slot, int size)
        {
            if (size < SegmentHeaderBytes
                || _store.ReadAt(NameOf(slot), 0, _buffer, 0, SegmentHeaderBytes) != SegmentHeaderBytes)
            {
                return -1;
            }

            for (int i = 0; i < 4; i++)
            {
                if (_buffer[i] != s_segmentMagic[i])
                {
                    return -1;
                }
            }

            if (LittleEndian.ReadUInt32(_buffer, 12) != Crc32.Compute(_buffer, 0, 12))
            {
                return -1;
            }

            return LittleEndian.ReadInt64(_buffer, 4);
        }

        private void ScanSegment(int slot, long number, int size)
        {
            _numbers[slot] = number;
            _entries[slot] = 0;
            _minSequences[slot] = long.MaxValue;
            _maxSequences[slot] = long.MinValue;
            int offset = SegmentHeaderBytes;
            while (offset < size)
            {
                int next = ReadEntryInSlot(slot, offset, size, null);
                if (next < 0)
                {
                    break;
                }

                _entries[slot]++;
                long sequence = EntrySequence;
                _minSequences[slot] = sequence < _minSequences[slot] ? sequence : _minSequences[slot];
                _maxSequences[slot] = sequence > _maxSequences[slot] ? sequence : _maxSequences[slot];
                if (EntryKind == MessageKind.Event)
                {
                    HighestEventAtOpen = sequence > HighestEventAtOpen ? sequence : HighestEventAtOpen;
                }
                else
                {
                    HighestReadingAtOpen = sequence > HighestReadingAtOpen ? sequence : HighestReadingAtOpen;
                }

                offset = next;
            }

            _ends[slot] = offset;
            if (offset < size)
            {
                // A torn tail is what a power cut during an append leaves on the newest segment;
                // anywhere else the flash lost data. Both close the segment at offset.
                _earlyEnds++;
                _newestEarlyEnd = number > _newestEarlyEnd ? number : _newestEarlyEnd;
            }
        }

        private int DecodeEntry(int available)
        {
            if (available < EntryOverheadBytes || _buffer[0] != EntryMagic || _buffer[1] > (byte)MessageKind.Event)
            {
                return -1;
            }

            int length = LittleEndian.ReadUInt16(_buffer, 2);
            int crcAt = EntryHeaderBytes + length;
            if (length > MaxMessageBytes || crcAt + 4 > available
                || LittleEndian.ReadUInt32(_buffer, crcAt) != Crc32.Compute(_buffer, 0, crcAt))
            {
                return -1;
            }

            SetEntryFields();
            return length;
        }

        private void SetEntryFields()
        {
            EntryKind = _buffer[1] == (byte)MessageKind.Event ? MessageKind.Event : MessageKind.Reading;
            EntryLength = LittleEndian.ReadUInt16(_buffer, 2);
            EntrySequence = LittleEndian.ReadInt64(_buffer, 4);
        }
    }
}
