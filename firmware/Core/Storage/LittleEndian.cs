namespace EdgeController.Core.Storage
{
    /// <summary>Fixed-width little-endian integers in byte buffers (BitConverter's order depends on the CPU).</summary>
    public static class LittleEndian
    {
        /// <summary>Writes a 64-bit value at offset.</summary>
        public static void WriteInt64(byte[] buffer, int offset, long value)
        {
            for (int i = 0; i < 8; i++)
            {
                buffer[offset + i] = (byte)(value >> (8 * i));
            }
        }

        /// <summary>Reads a 64-bit value at offset.</summary>
        public static long ReadInt64(byte[] buffer, int offset)
        {
            long value = 0;
            for (int i = 7; i >= 0; i--)
            {
                value = (value << 8) | buffer[offset + i];
            }

            return value;
        }

        /// <summary>Writes a 32-bit value at offset.</summary>
        public static void WriteUInt32(byte[] buffer, int offset, uint value)
        {
            for (int i = 0; i < 4; i++)
            {
                buffer[offset + i] = (byte)(value >> (8 * i));
            }
        }

        /// <summary>Reads a 32-bit value at offset.</summary>
        public static uint ReadUInt32(byte[] buffer, int offset)
        {
            uint value = 0;
            for (int i = 3; i >= 0; i--)
            {
                value = (value << 8) | buffer[offset + i];
            }

            return value;
        }

        /// <summary>Writes a 16-bit value at offset.</summary>
        public static void WriteUInt16(byte[] buffer, int offset, int value)
        {
            buffer[offset] = (byte)value;
            buffer[offset + 1] = (byte)(value >> 8);
        }

        /// <summary>Reads a 16-bit value at offset.</summary>
        public static int ReadUInt16(byte[] buffer, int offset)
        {
            return buffer[offset] | (buffer[offset + 1] << 8);
        }
    }
}
