using EdgeController.Core.Commands;

namespace EdgeController.Core.Market
{
    /// <summary>
    /// Reads the one spelling of <see cref="AwardCommand"/>, after its signature was verified
    /// with the device's cmd key. Anything else (other key order, whitespace, missing or extra
    /// keys, a number of more than 18 digits, negative energy, a window that is not the slot) is
    /// refused rather than guessed at.
    /// </summary>
    public static class AwardCommandReader
    {
        private const int MaxDigits = 18;

        /// <summary>Parses payload[offset..offset+length) for deviceId into command.</summary>
        public static CommandRejection TryRead(byte[] payload, int offset, int length, string deviceId, AwardCommand command)
        {
            int end = offset + length;
            int position = offset;
            long version;
            if (!Expect(payload, ref position, end, "{\"v\":") || !ReadInteger(payload, ref position, end, out version) || version != 1
                || !Expect(payload, ref position, end, ",\"dev\":\"") || !Expect(payload, ref position, end, deviceId)
                || !Expect(payload, ref position, end, "\",\"cmdseq\":") || !ReadInteger(payload, ref position, end, out command.CommandSequence)
                || !Expect(payload, ref position, end, ",\"from\":") || !ReadInteger(payload, ref position, end, out command.ValidFromUnixMilliseconds)
                || !Expect(payload, ref position, end, ",\"until\":") || !ReadInteger(payload, ref position, end, out command.ValidUntilUnixMilliseconds)
                || !Expect(payload, ref position, end, ",\"cmd\":\""))
            {
                return CommandRejection.BadPayload;
            }

            if (!Expect(payload, ref position, end, AwardCommand.CommandName + "\""))
            {
                return CommandRejection.UnsupportedCommand;
            }

            if (!Expect(payload, ref position, end, ",\"slot\":") || !ReadInteger(payload, ref position, end, out command.SlotStartUnixMilliseconds)
                || !Expect(payload, ref position, end, ",\"buy_wh\":") || !ReadInteger(payload, ref position, end, out command.BuyWattHours)
                || !Expect(payload, ref position, end, ",\"sell_wh\":") || !ReadInteger(payload, ref position, end, out command.SellWattHours)
                || !Expect(payload, ref position, end, ",\"price\":") || !ReadInteger(payload, ref position, end, out command.PriceMicrocurrencyPerKilowattHour)
                || !Expect(payload, ref position, end, "}") || position != end
                || command.CommandSequence < 1 || command.BuyWattHours < 0 || command.SellWattHours < 0
                || command.ValidFromUnixMilliseconds != command.SlotStartUnixMilliseconds
                || command.ValidUntilUnixMilliseconds <= command.ValidFromUnixMilliseconds)
            {
                return CommandRejection.BadPayload;
            }

            return CommandRejection.None;
        }

        private static bool Expect(byte[] payload, ref int position, int end, string expected)
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

        private static bool ReadInteger(byte[] payload, ref int position, int end, out long value)
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
    }
}
