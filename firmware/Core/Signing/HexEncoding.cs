namespace EdgeController.Core.Signing
{
    /// <summary>Lowercase hexadecimal into and out of byte buffers, without allocating.</summary>
    public static class HexEncoding
    {
        private const string LowercaseDigits = "0123456789abcdef";

        /// <summary>Writes 2 x count lowercase hex characters of source[sourceOffset..] at destination[destinationOffset].</summary>
        public static void Encode(byte[] source, int sourceOffset, int count, byte[] destination, int destinationOffset)
        {
            for (int i = 0; i < count; i++)
            {
                byte b = source[sourceOffset + i];
                destination[destinationOffset + (2 * i)] = (byte)LowercaseDigits[b >> 4];
                destination[destinationOffset + (2 * i) + 1] = (byte)LowercaseDigits[b & 0x0F];
            }
        }

        /// <summary>
        /// Decodes 2 x count lowercase hex characters into destination. Uppercase is refused:
        /// the wire format says lowercase, and one spelling per value keeps signatures canonical.
        /// </summary>
        public static bool TryDecodeLowercase(byte[] source, int sourceOffset, int count, byte[] destination)
        {
            for (int i = 0; i < count; i++)
            {
                int high = DigitValue(source[sourceOffset + (2 * i)]);
                int low = DigitValue(source[sourceOffset + (2 * i) + 1]);
                if (high < 0 || low < 0)
                {
                    return false;
                }

                destination[i] = (byte)((high << 4) | low);
            }

            return true;
        }

        /// <summary>Decodes a hex string of either case (key files are typed by people) into a new array, or null.</summary>
        public static byte[] DecodeString(string hex)
        {
            if (hex == null || (hex.Length % 2) != 0)
            {
                return null;
            }

            byte[] result = new byte[hex.Length / 2];
            for (int i = 0; i < result.Length; i++)
            {
                int high = DigitValue(ToLower(hex[2 * i]));
                int low = DigitValue(ToLower(hex[(2 * i) + 1]));
                if (high < 0 || low < 0)
                {
                    return null;
                }

                result[i] = (byte)((high << 4) | low);
            }

            return result;
        }

        private static int ToLower(char c)
        {
            return c >= 'A' && c <= 'F' ? c + ('a' - 'A') : c;
        }

        private static int DigitValue(int c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }

            return -1;
        }
    }
}
