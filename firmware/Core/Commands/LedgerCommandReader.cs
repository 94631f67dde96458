namespace EdgeController.Core.Commands
{
    /// <summary>
    /// Reads the one spelling of <see cref="LedgerCommand"/> (ack or resend), after its signature
    /// was verified; anything else is refused rather than guessed at.
    /// </summary>
    public static class LedgerCommandReader
    {
        /// <summary>Parses payload[offset..offset+length) for deviceId into command.</summary>
        public static CommandRejection TryRead(byte[] payload, int offset, int length, string deviceId, LedgerCommand command)
        {
            int end = offset + length;
            int position = offset;
            long version;
            if (!CommandSyntax.ReadHeader(payload, ref position, end, deviceId, out version, out command.CommandSequence) || version != 1
                || !CommandSyntax.Expect(payload, ref position, end, ",\"cmd\":\""))
            {
                return CommandRejection.BadPayload;
            }

            command.HighWaterMark = 0;
            if (CommandSyntax.Expect(payload, ref position, end, CommandKinds.Ack + "\""))
            {
                command.Kind = CommandKinds.Ack;
                if (!CommandSyntax.Expect(payload, ref position, end, ",\"hw\":") || !CommandSyntax.ReadInteger(payload, ref position, end, out command.HighWaterMark)
                    || !CommandSyntax.Expect(payload, ref position, end, ",\"gaps\":"))
                {
                    return CommandRejection.BadPayload;
                }
            }
            else if (CommandSyntax.Expect(payload, ref position, end, CommandKinds.Resend + "\""))
            {
                command.Kind = CommandKinds.Resend;
                if (!CommandSyntax.Expect(payload, ref position, end, ",\"ranges\":"))
                {
                    return CommandRejection.BadPayload;
                }
            }
            else
            {
                return CommandRejection.UnsupportedCommand;
            }

            command.RangeCount = CommandSyntax.ReadRanges(payload, ref position, end, command.RangeFirst, command.RangeLast);
            if (command.RangeCount < 0 || !CommandSyntax.Expect(payload, ref position, end, "}") || position != end
                || command.CommandSequence < 1 || command.HighWaterMark < 0
                || (command.Kind == CommandKinds.Resend && command.RangeCount == 0)
                || (command.Kind == CommandKinds.Ack && command.RangeCount > 0 && command.RangeFirst[0] <= command.HighWaterMark))
            {
                return CommandRejection.BadPayload;
            }

            return CommandRejection.None;
        }
    }
}
