using EdgeController.Core.Storage;

namespace EdgeController.Core.Telemetry
{
    /// <summary>
    /// A batch of outbox messages as bytes on flash: the open record and every sealed segment file
    /// of the spill use this one layout, so a segment can be checked with any CRC-32 tool.
    /// Layout (little-endian): "ECS1", segment number (int64), highest reading seq written so far
    /// (int64), highest event seq written so far (int64), entry count (uint16), then per entry:
    /// kind (1 byte), seq (int64), length (uint16), the message bytes; last, the CRC-32 of
    /// everything before it. One buffer, preallocated, reused for every batch.
    /// </summary>
    public sealed class SpillSegment
    {
        /// <summary>Bytes before the first entry.</summary>
        public const int HeaderBytes = 30;

        /// <summary>Bytes an entry adds to its message.</summary>
        public const int EntryOverheadBytes = 11;

        private const int NumberOffset = 4;
        private const int HighestReadingOffset = 12;
        private const int HighestEventOffset = 20;
        private const int CountOffset = 28;
        private const int CrcBytes = 4;

        private readonly int _maxMessageBytes;
        private int _writePosition;

        /// <summary>A buffer for up to capacityMessages messages of up to maxMessageBytes each.</summary>
        public SpillSegment(int capacityMessages, int maxMessageBytes)
        {
            CapacityMessages = capacityMessages;
            _maxMessageBytes = maxMessageBytes;
            Buffer = new byte[BytesFor(capacityMessages, maxMessageBytes)];
        }

        /// <summary>The largest encoded batch of capacityMessages messages.</summary>
        public static int BytesFor(int capacityMessages, int maxMessageBytes)
        {
            return HeaderBytes + (capacityMessages * (EntryOverheadBytes + maxMessageBytes)) + CrcBytes;
        }

        /// <summary>The encoded bytes (valid up to <see cref="Length"/>).</summary>
        public byte[] Buffer { get; private set; }

        /// <summary>Messages a batch holds at most.</summary>
        public int CapacityMessages { get; private set; }

        /// <summary>Encoded length after <see cref="Finish"/> or a successful <see cref="TryDecode"/>.</summary>
        public int Length { get; private set; }

        /// <summary>Entries in the batch.</summary>
        public int Count { get; private set; }

        /// <summary>The segment number the batch belongs to.</summary>
        public long SegmentNumber { get; private set; }

        /// <summary>The highest reading seq the outbox had taken when the batch was written.</summary>
        public long HighestReadingSequence { get; private set; }

        /// <summary>The highest event seq the outbox had taken when the batch was written.</summary>
        public long HighestEventSequence { get; private set; }

        /// <summary>Offset of the first entry, for <see cref="ReadEntry"/>.</summary>
        public static int FirstEntryOffset
        {
            get { return HeaderBytes; }
        }

        /// <summary>Starts a new batch.</summary>
        public void Begin(long segmentNumber, long highestReadingSequence, long highestEventSequence)
        {
            SegmentNumber = segmentNumber;
            HighestReadingSequence = highestReadingSequence;
            HighestEventSequence = highestEventSequence;
            Count = 0;
            Length = 0;
            _writePosition = HeaderBytes;
        }

        /// <summary>Adds one message; the caller keeps within the capacity it asked for.</summary>
        public void Append(MessageKind kind, long sequence, byte[] message, int length)
        {
            if (Count >= CapacityMessages || length < 0 || length > _maxMessageBytes)
            {
                throw new System.InvalidOperationException("spill segment full or message too long");
            }

            Buffer[_writePosition] = (byte)kind;
            LittleEndian.WriteInt64(Buffer, _writePosition + 1, sequence);
            LittleEndian.WriteUInt16(Buffer, _writePosition + 9, length);
            System.Array.Copy(message, 0, Buffer, _writePosition + EntryOverheadBytes, length);
            _writePosition += EntryOverheadBytes + length;
            Count++;
        }

        /// <summary>Writes the header and the CRC; the batch is then Buffer[0..Length).</summary>
        public void Finish()
        {
            Buffer[0] = (byte)'E';
            Buffer[1] = (byte)'C';
            Buffer[2] = (byte)'S';
            Buffer[3] = (byte)'1';
            LittleEndian.WriteInt64(Buffer, NumberOffset, SegmentNumber);
            LittleEndian.WriteInt64(Buffer, HighestReadingOffset, HighestReadingSequence);
            LittleEndian.WriteInt64(Buffer, HighestEventOffset, HighestEventSequence);
            LittleEndian.WriteUInt16(Buffer, CountOffset, Count);
            LittleEndian.WriteUInt32(Buffer, _writePosition, Crc32.Compute(Buffer, 0, _writePosition));
            Length = _writePosition + CrcBytes;
        }

        /// <summary>
        /// Checks Buffer[0..length) (magic, CRC, every entry's bounds) and reads its header.
        /// False for anything torn or foreign: the whole batch is then unusable.
        /// </summary>
        public bool TryDecode(int length)
        {
            Count = 0;
            Length = 0;
            if (length < HeaderBytes + CrcBytes || length > Buffer.Length
                || Buffer[0] != (byte)'E' || Buffer[1] != (byte)'C' || Buffer[2] != (byte)'S' || Buffer[3] != (byte)'1')
            {
                return false;
            }

            int crcOffset = length - CrcBytes;
            if (LittleEndian.ReadUInt32(Buffer, crcOffset) != Crc32.Compute(Buffer, 0, crcOffset))
            {
                return false;
            }

            int count = LittleEndian.ReadUInt16(Buffer, CountOffset);
            int position = HeaderBytes;
            for (int i = 0; i < count; i++)
            {
                if (position + EntryOverheadBytes > crcOffset)
                {
                    return false;
                }

                position += EntryOverheadBytes + LittleEndian.ReadUInt16(Buffer, position + 9);
            }

            if (position != crcOffset || count > CapacityMessages)
            {
                return false;
            }

            SegmentNumber = LittleEndian.ReadInt64(Buffer, NumberOffset);
            HighestReadingSequence = LittleEndian.ReadInt64(Buffer, HighestReadingOffset);
            HighestEventSequence = LittleEndian.ReadInt64(Buffer, HighestEventOffset);
            Count = count;
            Length = length;
            return true;
        }

        /// <summary>Reads the entry at offset (from <see cref="FirstEntryOffset"/>); returns the next entry's offset.</summary>
        public int ReadEntry(int offset, out MessageKind kind, out long sequence, out int messageOffset, out int messageLength)
        {
            kind = Buffer[offset] == (byte)MessageKind.Event ? MessageKind.Event : MessageKind.Reading;
            sequence = LittleEndian.ReadInt64(Buffer, offset + 1);
            messageLength = LittleEndian.ReadUInt16(Buffer, offset + 9);
            messageOffset = offset + EntryOverheadBytes;
            return messageOffset + messageLength;
        }
    }
}
