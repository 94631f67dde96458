using EdgeController.Hal;

namespace EdgeController.Core.Storage
{
    /// <summary>
    /// Keeps one small record on a store whose writes a power cut can tear, so that a read
    /// always returns the last complete write or the one before it, never a mix. Two blobs
    /// ("name.a", "name.b") take turns; each carries a generation number and a CRC-32, and the
    /// valid one with the higher generation wins. A write goes to the slot that does not hold
    /// the newest record, so the newest survives any failure of that write.
    /// Layout of a slot: "ECR1", generation (int64 LE), payload length (uint16 LE), payload,
    /// CRC-32 (LE) of everything before it.
    /// </summary>
    public sealed class TwoSlotRecordStore
    {
        /// <summary>Bytes a slot adds around its payload.</summary>
        public const int OverheadBytes = 4 + 8 + 2 + 4;

        private const int GenerationOffset = 4;
        private const int LengthOffset = 12;
        private const int PayloadOffset = 14;

        private readonly INonVolatileStore _store;
        private readonly string[] _slotNames;
        private readonly byte[] _slotBuffer;
        private long _newestGeneration;
        private int _newestSlot = -1;

        /// <summary>Creates a record called name holding payloads of up to maxPayloadBytes.</summary>
        public TwoSlotRecordStore(INonVolatileStore store, string name, int maxPayloadBytes)
        {
            if (maxPayloadBytes < 1 || maxPayloadBytes > 0xFFFF)
            {
                throw new System.ArgumentOutOfRangeException("maxPayloadBytes");
            }

            _store = store;
            _slotNames = new string[] { name + ".a", name + ".b" };
            _slotBuffer = new byte[maxPayloadBytes + OverheadBytes];
            MaxPayloadBytes = maxPayloadBytes;
        }

        /// <summary>The largest payload.</summary>
        public int MaxPayloadBytes { get; private set; }

        /// <summary>Slots found damaged by the last <see cref="TryLoad"/> (0, 1 or 2): a diagnostic, not an error.</summary>
        public int DamagedSlotsAtLoad { get; private set; }

        /// <summary>
        /// Reads the newest valid record into payload. Returns its length, or -1 when neither slot
        /// holds a valid record (a new device, or both copies damaged).
        /// </summary>
        public int TryLoad(byte[] payload)
        {
            _newestSlot = -1;
            _newestGeneration = 0;
            DamagedSlotsAtLoad = 0;
            int newestLength = -1;
            for (int slot = 0; slot < 2; slot++)
            {
                int length;
                bool present = _store.TryRead(_slotNames[slot], _slotBuffer, out length);
                if (!present)
                {
                    DamagedSlotsAtLoad += length != 0 ? 1 : 0;
                    continue;
                }

                int payloadLength = ValidPayloadLength(length);
                if (payloadLength < 0)
                {
                    DamagedSlotsAtLoad++;
                    continue;
                }

                long generation = LittleEndian.ReadInt64(_slotBuffer, GenerationOffset);
                if (_newestSlot < 0 || generation > _newestGeneration)
                {
                    _newestSlot = slot;
                    _newestGeneration = generation;
                    newestLength = payloadLength;
                    System.Array.Copy(_slotBuffer, PayloadOffset, payload, 0, payloadLength);
                }
            }

            return newestLength;
        }

        /// <summary>
        /// Writes payload[0..length) as the newest record, over the older slot. Call
        /// <see cref="TryLoad"/> once first so the store knows which slot is newest.
        /// </summary>
        public void Save(byte[] payload, int length)
        {
            if (length < 0 || length > MaxPayloadBytes)
            {
                throw new System.ArgumentOutOfRangeException("length");
            }

            int target = _newestSlot == 0 ? 1 : 0;
            long generation = _newestGeneration + 1;
            _slotBuffer[0] = (byte)'E';
            _slotBuffer[1] = (byte)'C';
            _slotBuffer[2] = (byte)'R';
            _slotBuffer[3] = (byte)'1';
            LittleEndian.WriteInt64(_slotBuffer, GenerationOffset, generation);
            LittleEndian.WriteUInt16(_slotBuffer, LengthOffset, length);
            System.Array.Copy(payload, 0, _slotBuffer, PayloadOffset, length);
            int crcOffset = PayloadOffset + length;
            LittleEndian.WriteUInt32(_slotBuffer, crcOffset, Crc32.Compute(_slotBuffer, 0, crcOffset));
            _store.Write(_slotNames[target], _slotBuffer, crcOffset + 4);
            _newestSlot = target;
            _newestGeneration = generation;
        }

        private int ValidPayloadLength(int slotLength)
        {
            if (slotLength < OverheadBytes
                || _slotBuffer[0] != (byte)'E' || _slotBuffer[1] != (byte)'C'
                || _slotBuffer[2] != (byte)'R' || _slotBuffer[3] != (byte)'1')
            {
                return -1;
            }

            int payloadLength = LittleEndian.ReadUInt16(_slotBuffer, LengthOffset);
            int crcOffset = PayloadOffset + payloadLength;
            if (crcOffset + 4 != slotLength)
            {
                return -1;
            }

            uint storedCrc = LittleEndian.ReadUInt32(_slotBuffer, crcOffset);
            return storedCrc == Crc32.Compute(_slotBuffer, 0, crcOffset) ? payloadLength : -1;
        }
    }
}
