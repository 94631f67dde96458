namespace EdgeController.Core.Market
{
    /// <summary>
    /// An "award" command as the gateway signs it (payload of the EC1 envelope on .../cmd/award):
    /// <c>{"v":1,"dev":..,"cmdseq":..,"from":&lt;slot start&gt;,"until":&lt;slot end&gt;,"cmd":"award","slot":..,"buy_wh":..,"sell_wh":..,"price":..}</c>,
    /// the energy the market awarded the device for the slot on each side and the clearing price.
    /// </summary>
    public sealed class AwardCommand
    {
        /// <summary>The "cmd" value.</summary>
        public const string CommandName = "award";

        /// <summary>"cmdseq": the slot's number (slot start / slot length).</summary>
        public long CommandSequence;

        /// <summary>"from", Unix ms: the slot's start.</summary>
        public long ValidFromUnixMilliseconds;

        /// <summary>"until", Unix ms (exclusive): the slot's end.</summary>
        public long ValidUntilUnixMilliseconds;

        /// <summary>"slot", Unix ms.</summary>
        public long SlotStartUnixMilliseconds;

        /// <summary>"buy_wh": energy bought, Wh.</summary>
        public long BuyWattHours;

        /// <summary>"sell_wh": energy sold, Wh.</summary>
        public long SellWattHours;

        /// <summary>"price": the clearing price, microcurrency per kWh.</summary>
        public long PriceMicrocurrencyPerKilowattHour;

        /// <summary>Copies another award into this one.</summary>
        public void CopyFrom(AwardCommand other)
        {
            CommandSequence = other.CommandSequence;
            ValidFromUnixMilliseconds = other.ValidFromUnixMilliseconds;
            ValidUntilUnixMilliseconds = other.ValidUntilUnixMilliseconds;
            SlotStartUnixMilliseconds = other.SlotStartUnixMilliseconds;
            BuyWattHours = other.BuyWattHours;
            SellWattHours = other.SellWattHours;
            PriceMicrocurrencyPerKilowattHour = other.PriceMicrocurrencyPerKilowattHour;
        }
    }
}
