namespace EdgeController.Core.Storage
{
    /// <summary>
    /// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, initial and final XOR 0xFFFFFFFF:
    /// the zlib/PNG one), so a stored record can be checked with any standard tool.
    /// </summary>
    public static class Crc32
    {
        private const uint ReflectedPolynomial = 0xEDB88320;
        private static readonly uint[] s_table = BuildTable();

        /// <summary>The CRC-32 of data[offset..offset+count).</summary>
        public static uint Compute(byte[] data, int offset, int count)
        {
            uint crc = 0xFFFFFFFF;
            for (int i = 0; i < count; i++)
            {
                crc = s_table[(crc ^ data[offset + i]) & 0xFF] ^ (crc >> 8);
            }

            return crc ^ 0xFFFFFFFF;
        }

        private static uint[] BuildTable()
        {
            uint[] table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int bit = 0; bit < 8; bit++)
                {
                    c = (c & 1) != 0 ? ReflectedPolynomial ^ (c >> 1) : c >> 1;
                }

                table[n] = c;
            }

            return table;
        }
    }
}
