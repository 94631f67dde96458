using EdgeController.Core.Tariffs;

namespace EdgeController.Core.Commands
{
    /// <summary>
    /// Reads the one spelling of <see cref="TariffCommand"/>, after its signature was verified.
    /// Anything else (other key order, whitespace, missing or extra keys, a number of more than
    /// 18 digits) is refused rather than guessed at.
    /// </summary>
    public static class TariffCommandReader
    {
        /// <summary>Parses payload[offset..offset+length) for deviceId into command.</summary>
        public static CommandRejection TryRead(byte[] payload, int offset, int length, string deviceId, TariffCommand command)
        {
            int end = offset + length;
            int position = offset;
            long version;
            if (!CommandSyntax.Expect(payload, ref position, end, "{\"v\":") || !CommandSyntax.ReadInteger(payload, ref position, end, out version) || version != 1
                || !CommandSyntax.Expect(payload, ref position, end, ",\"dev\":\"") || !CommandSyntax.Expect(payload, ref position, end, deviceId)
                || !CommandSyntax.Expect(payload, ref position, end, "\",\"cmdseq\":") || !CommandSyntax.ReadInteger(payload, ref position, end, out command.CommandSequence)
                || !CommandSyntax.Expect(payload, ref position, end, ",\"from\":") || !CommandSyntax.ReadInteger(payload, ref position, end, out command.ValidFromUnixMilliseconds)
                || !CommandSyntax.Expect(payload, ref position, end, ",\"until\":") || !CommandSyntax.ReadInteger(payload, ref position, end, out command.ValidUntilUnixMilliseconds)
                || !CommandSyntax.Expect(payload, ref position, end, ",\"cmd\":\""))
            {
                return CommandRejection.BadPayload;
            }

            if (!CommandSyntax.Expect(payload, ref position, end, TariffCommand.CommandName + "\""))
            {
                return CommandRejection.UnsupportedCommand;
            }

            if (!CommandSyntax.Expect(payload, ref position, end, ",\"tou\":["))
            {
                return CommandRejection.BadPayload;
            }

            for (int hour = 0; hour < TariffSchedule.HoursPerDay; hour++)
            {
                if ((hour > 0 && !CommandSyntax.Expect(payload, ref position, end, ","))
                    || !CommandSyntax.ReadInteger(payload, ref position, end, out command.PricesMicrocurrencyPerKilowattHour[hour]))
                {
                    return CommandRejection.BadPayload;
                }
            }

            if (!CommandSyntax.Expect(payload, ref position, end, "]}") || position != end
                || command.CommandSequence < 1 || command.ValidFromUnixMilliseconds < 0
                || command.ValidUntilUnixMilliseconds <= command.ValidFromUnixMilliseconds)
            {
                return CommandRejection.BadPayload;
            }

            return CommandRejection.None;
        }
    }
}
