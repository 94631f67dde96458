namespace EdgeController.Core.Market
{
    /// <summary>
    /// Derives the device's orders for one slot from its own plan, in integers:
    /// <list type="bullet">
    /// <item>A forecast deficit that the battery does not cover from the energy above its reserve
    /// (within its discharge limit), plus the grid charging the plan asks for when there is no
    /// surplus, is bought at up to the order's expected value per Wh: a Wh that the power now
    /// also shows as needed (the same rule on load and PV now) displaces an import and is worth
    /// the import price; the rest may go unused and be resold at feed-in, so is worth that; the
    /// limit is feed-in + (import − feed-in) × agreed / ordered. A buy at the import price gains
    /// nothing when the clearing price is the import price (a short community, every buyer at
    /// import) while an unused Wh still loses import − feed-in: the members worse off with the
    /// market than alone were those buyers (docs/market.md, "Bench"). The grid charging the plan
    /// asks for counts as agreed.</item>
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

            long nowNetMilliwattHours = ((long)inputs.NowLoadMilliwatts - inputs.NowPvMilliwatts) * minutes / MinutesPerHour;
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

            // The part of the deficit the power now agrees on: the same battery cover, on load and PV now.
            long nowDeficit = nowNetMilliwattHours > 0 ? nowNetMilliwattHours - Min(nowNetMilliwattHours, deliverable) : 0;
            long agreedMilliwattHours = Min(buyMilliwattHours, nowDeficit);
            if (inputs.PlannedBatteryDischargeMilliwatts < 0 && netMilliwattHours >= 0)
            {
                // The plan charges from the grid now (toward its SOC target): buy that energy too, surely wanted.
                long charge = Min((long)-inputs.PlannedBatteryDischargeMilliwatts * minutes / MinutesPerHour, storable);
                buyMilliwattHours += charge;
                agreedMilliwattHours += charge;
                sellMilliwattHours = 0;
            }

            plan.BuyWattHours = Min(buyMilliwattHours / 1000, maximumWattHours);
            plan.BuyPriceMicrocurrencyPerKilowattHour = plan.BuyWattHours > 0 ? BuyValue(inputs, agreedMilliwattHours, buyMilliwattHours) : 0;
            plan.SellWattHours = Min(sellMilliwattHours / 1000, maximumWattHours);
            plan.SellPriceMicrocurrencyPerKilowattHour = plan.SellWattHours > 0 ? sellPrice : 0;
        }

        /// <summary>Feed-in + (import − feed-in) × agreed / ordered, floored; the import price when feed-in is not below it.</summary>
        private static long BuyValue(MarketOrderInputs inputs, long agreedMilliwattHours, long orderedMilliwattHours)
        {
            long import = inputs.ImportPriceMicrocurrencyPerKilowattHour;
            long feedIn = inputs.FeedInPriceMicrocurrencyPerKilowattHour;
            if (import <= feedIn || orderedMilliwattHours <= 0)
            {
                return import;
            }

            // A spread up to 1e11 µ/kWh times an agreed energy under 1e7 mWh (40 kW for 15 min) stays inside a long.
            return feedIn + ((import - feedIn) * agreedMilliwattHours / orderedMilliwattHours);
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
