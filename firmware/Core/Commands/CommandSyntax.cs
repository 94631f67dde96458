namespace EdgeController.Core.Commands
{
    /// <summary>
    /// The pieces of the one spelling every command has (docs/design.md, Topics): literal text
    /// matched byte for byte, decimal integers of at most 18 digits without leading zeros, and
    /// seq ranges [[first,last],...]. Shared by the readers of each kind.
    /// </summary>
    internal static class CommandSyntax
    {
        /// <summary>The most digits of a number a command may carry (a long holds 18 safely).</summary>
        public const int MaxDigits = 18;

        /// <summary>
        /// Reads the header every command starts with, <c>{"v":&lt;version&gt;,"dev":"&lt;deviceId&gt;","cmdseq":&lt;n&gt;</c>;
        /// false when it is not exactly that, or names another device.
        /// </summary>
        public static bool ReadHeader(byte[] payload, ref int position, int end, string deviceId, out long version, out long commandSequence)
        {
            commandSequence = 0;
            version = 0;
            return Expect(payload, ref position, end, "{\"v\":") && ReadInteger(payload, ref position, end, out version)
                && Expect(payload, ref position, end, ",\"dev\":\"") && Expect(payload, ref position, end, deviceId)
                && Expect(payload, ref position, end, "\",\"cmdseq\":") && ReadInteger(payload, ref position, end, out commandSequence);
        }

        /// <summary>Consumes expected at position, or leaves position and returns false.</summary>
        public static bool Expect(byte[] payload, ref int position, int end, string expected)
        {
            if (position + expected.Length > end)
            {
                return false;
            }

            for (int i = 0; i < expected.Length; i++)
            {
                if (payload[position + i] != (byte)expected[i])
                {
                    return false;
                }
            }

            position += expected.Length;
            return true;
        }

        /// <summary>Reads a decimal integer (optional '-').</summary>
        public static bool ReadInteger(byte[] payload, ref int position, int end, out long value)
        {
            value = 0;
            bool negative = position < end && payload[position] == (byte)'-';
            int start = negative ? position + 1 : position;
            int i = start;
            while (i < end && i - start < MaxDigits + 1 && payload[i] >= (byte)'0' && payload[i] <= (byte)'9')
            {
                value = (value * 10) + (payload[i] - '0');
                i++;
            }

            int digits = i - start;
            if (digits == 0 || digits > MaxDigits || (digits > 1 && payload[start] == (byte)'0'))
            {
                return false;
            }

            value = negative ? -value : value;
            position = i;
            return true;
        }

        /// <summary>
        /// Reads [[first,last],...] into the arrays (at most their length of ranges): each range
        /// 1 &lt;= first &lt;= last, the ranges ascending and apart. Returns the count, or -1 when
        /// it is not that spelling or holds too many.
        /// </summary>
        public static int ReadRanges(byte[] payload, ref int position, int end, long[] firsts, long[] lasts)
        {
            if (!Expect(payload, ref position, end, "["))
            {
                return -1;
            }

            int count = 0;
            long previousLast = 0;
            while (!Expect(payload, ref position, end, "]"))
            {
                long first;
                long last;
                if (count == firsts.Length
                    || (count > 0 && !Expect(payload, ref position, end, ","))
                    || !Expect(payload, ref position, end, "[") || !ReadInteger(payload, ref position, end, out first)
                    || !Expect(payload, ref position, end, ",") || !ReadInteger(payload, ref position, end, out last)
                    || !Expect(payload, ref position, end, "]")
                    || first < 1 || last < first || first <= previousLast)
                {
                    return -1;
                }

                firsts[count] = first;
                lasts[count] = last;
                previousLast = last;
                count++;
            }

            return count;
        }
    }
}
