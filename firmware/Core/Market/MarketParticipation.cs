using EdgeController.Core.Config;
using EdgeController.Core.Control;
using EdgeController.Core.Metering;
using EdgeController.Core.Planning;
using EdgeController.Hal;

namespace EdgeController.Core.Market
{
    /// <summary>
    /// The device's part in the site's local energy market, run from the energy control's tick:
    /// once per slot, <see cref="MarketConfig.OrderLeadSeconds"/> before it starts, it reads the
    /// coming slot from the device's own plan (forecast load and PV, state of charge, the plan's
    /// reserve and preference, the tariff of that hour), lets <see cref="MarketOrderPlanner"/>
    /// derive at most one buy and one sell order and posts them through
    /// <see cref="MarketOrderPublisher"/> (signed events, the device's seq, the outbox). The
    /// award the gateway sends back is followed by <see cref="Follower"/> inside the loop.
    /// Until the forecaster has learned a whole day, the slot's load and PV are taken as they are
    /// now (the slot starts within minutes: persistence is the forecast then). Only modes in
    /// which the plan decides (<see cref="Trades"/>) post orders. Allocation-free per tick.
    /// </summary>
    public sealed class MarketParticipation
    {
        private const int MinutesPerDay = 1440;
        private const long MillisecondsPerMinute = 60000;

        private readonly MarketConfig _config;
        private readonly MarketOrderPublisher _publisher;
        private readonly EnergyControlLoop _loop;
        private readonly IClock _clock;
        private readonly int _utcOffsetMinutes;
        private readonly MarketOrderPlanner _planner = new MarketOrderPlanner();
        private readonly MarketOrderInputs _inputs = new MarketOrderInputs();
        private readonly long _slotMilliseconds;
        private readonly long _leadMilliseconds;

        /// <summary>Wires the market to the loop it reads and steers; grid is the channel whose forward is import.</summary>
        public MarketParticipation(MarketConfig config, MarketOrderPublisher publisher, AwardFollower follower, EnergyControlLoop loop,
            MeterChannel grid, IClock clock, int utcOffsetMinutes)
        {
            _config = config;
            _publisher = publisher;
            Follower = follower;
            _loop = loop;
            Grid = grid;
            _clock = clock;
            _utcOffsetMinutes = utcOffsetMinutes;
            _slotMilliseconds = config.SlotMinutes * MillisecondsPerMinute;
            _leadMilliseconds = config.OrderLeadSeconds * 1000L;
            _inputs.SlotMinutes = config.SlotMinutes;
            _inputs.RatedWatts = config.RatedWatts;
            loop.Award = follower;
        }

        /// <summary>The grid channel: its registers are what the gateway settles, and what the follower steers.</summary>
        public MeterChannel Grid { get; private set; }

        /// <summary>The award follower the loop consults.</summary>
        public AwardFollower Follower { get; private set; }

        /// <summary>The order publisher (its counts).</summary>
        public MarketOrderPublisher Publisher
        {
            get { return _publisher; }
        }

        /// <summary>The orders of the last slot posted.</summary>
        public MarketOrderPlan LastPlan { get; } = new MarketOrderPlan();

        /// <summary>Slots orders were planned for since boot.</summary>
        public long SlotsPlanned { get; private set; }

        /// <summary>True in the modes whose plan the device trades on: auto, self-consumption, time-of-use. Manual, maintenance and backup keep the battery to themselves.</summary>
        public static bool Trades(OperatingMode mode)
        {
            return mode == OperatingMode.Auto || mode == OperatingMode.SelfConsumption || mode == OperatingMode.TimeOfUseArbitrage;
        }

        /// <summary>After the loop's tick: posts the coming slot's orders when it is time. now holds this tick's load and PV.</summary>
        public void Poll(EnergyControlInputs now)
        {
            long slot;
            if (!Trades(_loop.Planner.Mode) || !_publisher.IsOrderTime(_slotMilliseconds, _leadMilliseconds, out slot))
            {
                return;
            }

            Fill(slot, now);
            _planner.Plan(_inputs, LastPlan);
            SlotsPlanned++;
            _publisher.Publish(LastPlan);
        }

        private void Fill(long slot, EnergyControlInputs now)
        {
            MarketOrderInputs inputs = _inputs;
            SocTargetPlanner planner = _loop.Planner;
            BatteryPlanParameters parameters = planner.Parameters;
            DayProfileForecaster forecaster = _loop.Forecaster;
            int hour = LocalHour(slot);
            bool forecast = forecaster.HasFullDay;
            inputs.SlotStartUnixMilliseconds = slot;
            inputs.ForecastLoadMilliwatts = forecast ? forecaster.LoadMilliwattsAt(hour) : now.LoadMilliwatts;
            inputs.ForecastPvMilliwatts = forecast ? forecaster.PvMilliwattsAt(hour) : now.PvAvailableMilliwatts;
            inputs.NowLoadMilliwatts = now.LoadMilliwatts;
            inputs.NowPvMilliwatts = now.PvAvailableMilliwatts;
            inputs.PlannedBatteryDischargeMilliwatts = planner.PreferredBatteryDischargeMilliwatts;
            inputs.SocPerMille = _loop.Soc.SocPerMille;
            inputs.ReserveMilliwattHours = planner.ReserveMilliwattHours;
            inputs.CapacityMilliwattHours = parameters.CapacityMilliwattHours;
            inputs.FloorSocPerMille = parameters.FloorSocPerMille;
            inputs.CeilingSocPerMille = parameters.CeilingSocPerMille;
            inputs.MaximumChargeMilliwatts = parameters.MaximumChargeMilliwatts;
            inputs.MaximumDischargeMilliwatts = parameters.MaximumDischargeMilliwatts;
            inputs.ChargeEfficiencyPerMille = PerMille(parameters.ChargeEfficiencyQ16);
            inputs.DischargeEfficiencyPerMille = PerMille(parameters.DischargeEfficiencyQ16);
            inputs.ImportPriceMicrocurrencyPerKilowattHour = _loop.Tariff.ImportPriceAt(hour);
            inputs.FeedInPriceMicrocurrencyPerKilowattHour = _loop.Tariff.ExportPriceAt(hour);
        }

        private int LocalHour(long unixMilliseconds)
        {
            long minutes = (unixMilliseconds / MillisecondsPerMinute) + _utcOffsetMinutes;
            int minuteOfDay = (int)(minutes % MinutesPerDay);
            return (minuteOfDay < 0 ? minuteOfDay + MinutesPerDay : minuteOfDay) / 60;
        }

        private static int PerMille(int q16)
        {
            return (int)(((long)q16 * 1000) >> 16);
        }
    }
}
