using EdgeController.Core.Storage;

namespace EdgeController.Core.Metering
{
    /// <summary>
    /// What the meter must never lose across a reboot: the boot counter, the last reading's
    /// sequence number (so no seq is ever used twice) and each channel's energy registers
    /// (so no register goes backwards). Serialized little-endian, version 1:
    /// version (1 byte), boot (int64), seq (int64), channel count (1 byte), then per channel
    /// forward and reverse mWh (int64 each).
    /// </summary>
    public sealed class MeterState
    {
        /// <summary>The most channels a device meters.</summary>
        public const int MaxChannels = 8;

        /// <summary>Bytes of the largest serialized state.</summary>
        public const int MaxSerializedBytes = 1 + 8 + 8 + 1 + (MaxChannels * 16);

        private const byte FormatVersion = 1;

        /// <summary>Creates an empty state for a device with channelCount channels.</summary>
        public MeterState(int channelCount)
        {
            if (channelCount < 0 || channelCount > MaxChannels)
            {
                throw new System.ArgumentOutOfRangeException("channelCount");
            }

            ForwardMilliwattHours = new long[channelCount];
            ReverseMilliwattHours = new long[channelCount];
        }

        /// <summary>Boots since the state was created, this one included once Controller.Start ran.</summary>
        public long BootCount;

        /// <summary>The seq of the last reading emitted; the next is one more.</summary>
        public long LastSequence;

        /// <summary>Forward energy register of each channel, mWh.</summary>
        public readonly long[] ForwardMilliwattHours;

        /// <summary>Reverse energy register of each channel, mWh.</summary>
        public readonly long[] ReverseMilliwattHours;

        /// <summary>Writes the state into buffer; returns the length.</summary>
        public int Serialize(byte[] buffer)
        {
            buffer[0] = FormatVersion;
            LittleEndian.WriteInt64(buffer, 1, BootCount);
            LittleEndian.WriteInt64(buffer, 9, LastSequence);
            buffer[17] = (byte)ForwardMilliwattHours.Length;
            int offset = 18;
            for (int i = 0; i < ForwardMilliwattHours.Length; i++)
            {
                LittleEndian.WriteInt64(buffer, offset, ForwardMilliwattHours[i]);
                LittleEndian.WriteInt64(buffer, offset + 8, ReverseMilliwattHours[i]);
                offset += 16;
            }

            return offset;
        }

        /// <summary>
        /// Fills this state from a stored record. The counters always carry over; the registers
        /// carry over only when the channel count matches (a board with other channels starts its
        /// registers at zero, but never reuses a seq). False when the record is not a state.
        /// </summary>
        public bool Deserialize(byte[] buffer, int length)
        {
            if (length < 18 || buffer[0] != FormatVersion)
            {
                return false;
            }

            int storedChannels = buffer[17];
            if (length != 18 + (storedChannels * 16))
            {
                return false;
            }

            BootCount = LittleEndian.ReadInt64(buffer, 1);
            LastSequence = LittleEndian.ReadInt64(buffer, 9);
            if (storedChannels == ForwardMilliwattHours.Length)
            {
                for (int i = 0; i < storedChannels; i++)
                {
                    ForwardMilliwattHours[i] = LittleEndian.ReadInt64(buffer, 18 + (16 * i));
                    ReverseMilliwattHours[i] = LittleEndian.ReadInt64(buffer, 26 + (16 * i));
                }
            }

            return true;
        }
    }
}
