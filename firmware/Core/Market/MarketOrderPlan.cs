namespace EdgeController.Core.Market
{
    /// <summary>
    /// At most one buy and one sell order for one slot: energy in Wh (0 = no order on that side)
    /// and a limit price in microcurrency per kWh.
    /// </summary>
    public sealed class MarketOrderPlan
    {
        /// <summary>The slot's start, Unix ms.</summary>
        public long SlotStartUnixMilliseconds;

        /// <summary>Energy to buy, Wh (0: no buy order).</summary>
        public long BuyWattHours;

        /// <summary>The most the device pays, microcurrency per kWh (at most the slot's import price).</summary>
        public long BuyPriceMicrocurrencyPerKilowattHour;

        /// <summary>Energy to sell, Wh (0: no sell order).</summary>
        public long SellWattHours;

        /// <summary>The least the device accepts, microcurrency per kWh (at least the slot's feed-in price).</summary>
        public long SellPriceMicrocurrencyPerKilowattHour;

        /// <summary>Clears both sides.</summary>
        public void Clear()
        {
            BuyWattHours = 0;
            SellWattHours = 0;
            BuyPriceMicrocurrencyPerKilowattHour = 0;
            SellPriceMicrocurrencyPerKilowattHour = 0;
        }
    }
}
