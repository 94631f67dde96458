using EdgeController.Core.Tariffs;

namespace EdgeController.Core.Commands
{
    /// <summary>
    /// A "tariff" command as the gateway signs it (payload of the EC1 envelope on .../cmd/tariff), keys
    /// in this fixed order, no whitespace, integers only:
    /// <c>{"v":1,"dev":"&lt;device id&gt;","cmdseq":&lt;n&gt;,"from":&lt;unix ms&gt;,"until":&lt;unix ms&gt;,"cmd":"tariff","tou":[&lt;24 prices&gt;]}</c>.
    /// cmdseq increases with every tariff the gateway sends the device (each kind counts its own); the prices are
    /// microcurrencyPerKilowattHour for hours 0..23 UTC; the table applies in [from, until).
    /// One spelling per command, like a reading's: the reader below accepts exactly this form.
    /// </summary>
    public sealed class TariffCommand
    {
        /// <summary>The "cmd" value.</summary>
        public const string CommandName = "tariff";

        /// <summary>"cmdseq".</summary>
        public long CommandSequence;

        /// <summary>"from", Unix milliseconds.</summary>
        public long ValidFromUnixMilliseconds;

        /// <summary>"until", Unix milliseconds (exclusive).</summary>
        public long ValidUntilUnixMilliseconds;

        /// <summary>"tou": the price of each UTC hour of day, microcurrencyPerKilowattHour.</summary>
        public readonly long[] PricesMicrocurrencyPerKilowattHour = new long[TariffSchedule.HoursPerDay];

        /// <summary>Makes this a copy of other.</summary>
        public void CopyFrom(TariffCommand other)
        {
            CommandSequence = other.CommandSequence;
            ValidFromUnixMilliseconds = other.ValidFromUnixMilliseconds;
            ValidUntilUnixMilliseconds = other.ValidUntilUnixMilliseconds;
            System.Array.Copy(other.PricesMicrocurrencyPerKilowattHour, PricesMicrocurrencyPerKilowattHour, TariffSchedule.HoursPerDay);
        }
    }
}
