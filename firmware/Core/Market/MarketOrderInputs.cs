namespace EdgeController.Core.Market
{
    /// <summary>
    /// What the order planner reads about the device for one coming slot: the forecast, the
    /// battery and its plan, the tariff of that slot and the device's rated power. The caller
    /// fills it from the <c>DayProfileForecaster</c> (load and PV at the slot's local hour), the
    /// <c>SocTargetPlanner</c> (reserve, preferred battery power) and the <c>TimeOfUseTariff</c>.
    /// </summary>
    public sealed class MarketOrderInputs
    {
        /// <summary>The slot's start, Unix ms.</summary>
        public long SlotStartUnixMilliseconds;

        /// <summary>Slot length, minutes (15 by default).</summary>
        public int SlotMinutes = 15;

        /// <summary>Forecast load in the slot, mW.</summary>
        public int ForecastLoadMilliwatts;

        /// <summary>Forecast PV in the slot, mW.</summary>
        public int ForecastPvMilliwatts;

        /// <summary>Load now, mW: with PV now, the second opinion on the slot that prices the buy (the forecast's value until it has learned a day).</summary>
        public int NowLoadMilliwatts;

        /// <summary>PV available now, mW.</summary>
        public int NowPvMilliwatts;

        /// <summary>The battery power the plan prefers now, mW, positive = discharge (negative with no surplus: grid charging toward the SOC target).</summary>
        public int PlannedBatteryDischargeMilliwatts;

        /// <summary>Estimated SOC, per mille.</summary>
        public int SocPerMille;

        /// <summary>Energy the plan keeps for dearer hours, mWh above the floor (the planner's reserve).</summary>
        public long ReserveMilliwattHours;

        /// <summary>Battery capacity, mWh (0: no battery).</summary>
        public long CapacityMilliwattHours;

        /// <summary>SOC floor and ceiling, per mille.</summary>
        public int FloorSocPerMille;

        /// <summary>SOC ceiling, per mille.</summary>
        public int CeilingSocPerMille = 1000;

        /// <summary>Charge and discharge power limits, mW.</summary>
        public int MaximumChargeMilliwatts;

        /// <summary>Largest discharge power, mW.</summary>
        public int MaximumDischargeMilliwatts;

        /// <summary>Energy delivered per energy taken from the cells, per mille.</summary>
        public int DischargeEfficiencyPerMille = 950;

        /// <summary>Energy stored per energy charged, per mille.</summary>
        public int ChargeEfficiencyPerMille = 950;

        /// <summary>The slot's import and feed-in prices, microcurrency per kWh.</summary>
        public long ImportPriceMicrocurrencyPerKilowattHour;

        /// <summary>The slot's feed-in price, microcurrency per kWh.</summary>
        public long FeedInPriceMicrocurrencyPerKilowattHour;

        /// <summary>The device's rated power, W: no order exceeds rated power × slot length.</summary>
        public int RatedWatts;
    }
}
