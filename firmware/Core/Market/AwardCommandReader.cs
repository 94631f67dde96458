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
        /// <summary>Parses payload[offset..offset+length) for deviceId into command.</summary>
        public static CommandRejection TryRead(byte[] payload, int offset, int length, string deviceId, AwardCommand command)
        {
            int end = offset + length;
            int position = offset;
            long version;
            if (!CommandSyntax.ReadHeader(payload, ref position, end, deviceId, out version, out command.CommandSequence) || version != 1
                || !CommandSyntax.Expect(payload, ref position, end, ",\"from\":") || !CommandSyntax.ReadInteger(payload, ref position, end, out command.ValidFromUnixMilliseconds)
                || !CommandSyntax.Expect(payload, ref position, end, ",\"until\":") || !CommandSyntax.ReadInteger(payload, ref position, end, out command.ValidUntilUnixMilliseconds)
                || !CommandSyntax.Expect(payload, ref position, end, ",\"cmd\":\""))
            {
                return CommandRejection.BadPayload;
            }

            if (!CommandSyntax.Expect(payload, ref position, end, AwardCommand.CommandName + "\""))
            {
                return CommandRejection.UnsupportedCommand;
            }

            if (!CommandSyntax.Expect(payload, ref position, end, ",\"slot\":") || !CommandSyntax.ReadInteger(payload, ref position, end, out command.SlotStartUnixMilliseconds)
                || !CommandSyntax.Expect(payload, ref position, end, ",\"buy_wh\":") || !CommandSyntax.ReadInteger(payload, ref position, end, out command.BuyWattHours)
                || !CommandSyntax.Expect(payload, ref position, end, ",\"sell_wh\":") || !CommandSyntax.ReadInteger(payload, ref position, end, out command.SellWattHours)
                || !CommandSyntax.Expect(payload, ref position, end, ",\"price\":") || !CommandSyntax.ReadInteger(payload, ref position, end, out command.PriceMicrocurrencyPerKilowattHour)
                || !CommandSyntax.Expect(payload, ref position, end, "}") || position != end
                || command.CommandSequence < 1 || command.BuyWattHours < 0 || command.SellWattHours < 0
                || command.ValidFromUnixMilliseconds != command.SlotStartUnixMilliseconds
                || command.ValidUntilUnixMilliseconds <= command.ValidFromUnixMilliseconds)
            {
                return CommandRejection.BadPayload;
            }

            return CommandRejection.None;
        }
    }
}
