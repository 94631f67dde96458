namespace EdgeController.Core.Market
{
    /// <summary>
    /// Derives the device's orders for one slot from its own plan, in integers:
    /// <list type="bullet">
    /// <item>A forecast deficit that the battery does not cover from the energy above its reserve
    /// (within its discharge limit), plus the grid charging the plan asks for when there is no
    /// surplus, is bought at up to the slot's import price: the market can only beat the grid.</item>
    /// <item>A forecast surplus that the battery cannot store (room to the ceiling, charge limit)
    /// is sold at the feed-in price, the least the grid pays for it anyway.</item>
    /// <item>With no such unstorable surplus, the battery is a price-driven store: a surplus it
    /// could store, or its energy above the reserve beyond the slot's own need, is offered at the
    /// value of the stored energy, the slot's import price times the discharge efficiency (it
    /// would displace an import at about that price): sold only when the market pays at least as
    /// much as keeping it.</item>
    /// </list>
    /// Each side is capped at rated power × slot length; under 1 Wh there is no order.
    /// </summary>
    public sealed class MarketOrderPlanner
    {
        private const int MinutesPerHour = 60;

        /// <summary>Fills plan from inputs.</summary>
        public void Plan(MarketOrderInputs inputs, MarketOrderPlan plan)
        {
            plan.Clear();
            plan.SlotStartUnixMilliseconds = inputs.SlotStartUnixMilliseconds;
            int minutes = inputs.SlotMinutes;
            long netMilliwattHours = ((long)inputs.ForecastLoadMilliwatts - inputs.ForecastPvMilliwatts) * minutes / MinutesPerHour;
            long aboveFloor = inputs.CapacityMilliwattHours * Positive(inputs.SocPerMille - inputs.FloorSocPerMille) / 1000;
            long aboveReserve = Positive(aboveFloor - inputs.ReserveMilliwattHours);
            long deliverable = Min(aboveReserve * inputs.DischargeEfficiencyPerMille / 1000, (long)inputs.MaximumDischargeMilliwatts * minutes / MinutesPerHour);
            long room = inputs.CapacityMilliwattHours * Positive(inputs.CeilingSocPerMille - inputs.SocPerMille) / 1000;
            long storable = inputs.ChargeEfficiencyPerMille <= 0 ? 0
                : Min(room * 1000 / inputs.ChargeEfficiencyPerMille, (long)inputs.MaximumChargeMilliwatts * minutes / MinutesPerHour);
            long maximumWattHours = (long)inputs.RatedWatts * minutes / MinutesPerHour;
            long storedValue = inputs.ImportPriceMicrocurrencyPerKilowattHour * inputs.DischargeEfficiencyPerMille / 1000;
            if (storedValue < inputs.FeedInPriceMicrocurrencyPerKilowattHour)
            {
                storedValue = inputs.FeedInPriceMicrocurrencyPerKilowattHour;
            }

            long buyMilliwattHours = 0;
            long sellMilliwattHours = 0;
            long sellPrice = inputs.FeedInPriceMicrocurrencyPerKilowattHour;
            if (netMilliwattHours > 0)
            {
                long covered = Min(netMilliwattHours, deliverable);
                buyMilliwattHours = netMilliwattHours - covered;
                long excess = deliverable - covered;
                if (excess > 0)
                {
                    sellMilliwattHours = excess;
                    sellPrice = storedValue;
                }
            }
            else
            {
                long surplus = -netMilliwattHours;
                long unstorable = Positive(surplus - storable);
                if (unstorable > 0)
                {
                    sellMilliwattHours = unstorable;
                }
                else if (surplus > 0)
                {
                    sellMilliwattHours = surplus;
                    sellPrice = storedValue;
                }
                else if (deliverable > 0)
                {
                    sellMilliwattHours = deliverable;
                    sellPrice = storedValue;
                }
            }

            if (inputs.PlannedBatteryDischargeMilliwatts < 0 && netMilliwattHours >= 0)
            {
                // The plan charges from the grid now (toward its SOC target): buy that energy too.
                buyMilliwattHours += Min((long)-inputs.PlannedBatteryDischargeMilliwatts * minutes / MinutesPerHour, storable);
                sellMilliwattHours = 0;
            }

            plan.BuyWattHours = Min(buyMilliwattHours / 1000, maximumWattHours);
            plan.BuyPriceMicrocurrencyPerKilowattHour = plan.BuyWattHours > 0 ? inputs.ImportPriceMicrocurrencyPerKilowattHour : 0;
            plan.SellWattHours = Min(sellMilliwattHours / 1000, maximumWattHours);
            plan.SellPriceMicrocurrencyPerKilowattHour = plan.SellWattHours > 0 ? sellPrice : 0;
        }

        private static long Positive(long value)
        {
            return value > 0 ? value : 0;
        }

        private static long Min(long a, long b)
        {
            return a < b ? a : b;
        }
    }
}
