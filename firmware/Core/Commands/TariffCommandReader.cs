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
        /// <summary>
        /// Parses a version-1 command (the hourly table) in payload[offset..offset+length) for
        /// deviceId into command; a version-2 one is refused here, so that a caller that applies
        /// only the hourly table never applies a schedule as one. See <see cref="TryReadAnyVersion"/>.
        /// </summary>
        public static CommandRejection TryRead(byte[] payload, int offset, int length, string deviceId, TariffCommand command)
        {
            CommandRejection rejection = TryReadAnyVersion(payload, offset, length, deviceId, command);
            return rejection == CommandRejection.None && command.Version != 1 ? CommandRejection.BadPayload : rejection;
        }

        /// <summary>Parses a version-1 or version-2 command; apply it with <see cref="TariffCommand.ApplyTo"/>.</summary>
        public static CommandRejection TryReadAnyVersion(byte[] payload, int offset, int length, string deviceId, TariffCommand command)
        {
            int end = offset + length;
            int position = offset;
            long version;
            if (!CommandSyntax.ReadHeader(payload, ref position, end, deviceId, out version, out command.CommandSequence) || (version != 1 && version != 2)
                || !CommandSyntax.Expect(payload, ref position, end, ",\"from\":") || !CommandSyntax.ReadInteger(payload, ref position, end, out command.ValidFromUnixMilliseconds))
            {
                return CommandRejection.BadPayload;
            }

            command.Version = (int)version;
            return version == 1 ? ReadHourly(payload, position, end, command) : ReadSlots(payload, position, end, length, command);
        }

        private static CommandRejection ReadHourly(byte[] payload, int position, int end, TariffCommand command)
        {
            if (!CommandSyntax.Expect(payload, ref position, end, ",\"until\":") || !CommandSyntax.ReadInteger(payload, ref position, end, out command.ValidUntilUnixMilliseconds)
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

        private static CommandRejection ReadSlots(byte[] payload, int position, int end, int length, TariffCommand command)
        {
            long step;
            if (length > TariffCommand.MaximumVersion2PayloadBytes
                || !CommandSyntax.Expect(payload, ref position, end, ",\"step\":") || !CommandSyntax.ReadInteger(payload, ref position, end, out step)
                || (step != 15 && step != 60)
                || !CommandSyntax.Expect(payload, ref position, end, ",\"cmd\":\""))
            {
                return CommandRejection.BadPayload;
            }

            if (!CommandSyntax.Expect(payload, ref position, end, TariffCommand.CommandName + "\""))
            {
                return CommandRejection.UnsupportedCommand;
            }

            int count = ReadPrices(payload, ref position, end, ",\"import\":[", command.ImportMicrocurrencyPerKilowattHour);
            if (count < 1)
            {
                return CommandRejection.BadPayload;
            }

            command.HasExport = position < end && payload[position] == (byte)',';
            if (command.HasExport && ReadPrices(payload, ref position, end, ",\"export\":[", command.ExportMicrocurrencyPerKilowattHour) != count)
            {
                return CommandRejection.BadPayload;
            }

            if (!CommandSyntax.Expect(payload, ref position, end, "}") || position != end
                || command.CommandSequence < 1 || command.ValidFromUnixMilliseconds < 0)
            {
                return CommandRejection.BadPayload;
            }

            command.StepMinutes = (int)step;
            command.SlotCount = count;
            command.ValidUntilUnixMilliseconds = command.ValidFromUnixMilliseconds + (count * step * 60000);
            return CommandRejection.None;
        }

        /// <summary>Reads key and a list of 1..144 prices into prices; the count, or 0 when malformed.</summary>
        private static int ReadPrices(byte[] payload, ref int position, int end, string key, long[] prices)
        {
            if (!CommandSyntax.Expect(payload, ref position, end, key))
            {
                return 0;
            }

            int count = 0;
            while (true)
            {
                if (count >= TariffSchedule.MaximumSlots || !CommandSyntax.ReadInteger(payload, ref position, end, out prices[count])
                    || prices[count] > MaxPrice || prices[count] < -MaxPrice)
                {
                    return 0;
                }

                count++;
                if (CommandSyntax.Expect(payload, ref position, end, "]"))
                {
                    return count;
                }

                if (!CommandSyntax.Expect(payload, ref position, end, ","))
                {
                    return 0;
                }
            }
        }

        private const long MaxPrice = 99999999;
    }
}
