using EdgeController.Core.FixedPoint;

namespace EdgeController.Core.Planning
{
    /// <summary>
    /// Sets the battery's preferred power for the dispatcher from the state of charge, the
    /// forecast and the tariff. The core is a reserve: the energy the battery must still hold now
    /// to serve the forecast deficits of the hours that cost more than now, computed by a backward
    /// pass over the next 23 hours, counting on the forecast PV less twice its recent relative
    /// error. An hour whose price, after the round trip's losses, is at or below the current
    /// price lowers the requirement by an hour of grid charging (the battery can be refilled
    /// then); an hour with PV surplus lowers it (the surplus recharges). Above the reserve the
    /// battery serves the load now; at or below it, it holds for the dearer hours; and if the reserve exceeds what it holds and the
    /// round trip pays, it charges from the grid now, spread over the hours left at this price.
    /// Surplus PV is always stored when there is room (storing beats exporting whenever export pays
    /// less than the cheapest import after losses). Allocation-free.
    /// </summary>
    public sealed class SocTargetPlanner
    {
        private const int HoursPerDay = 24;
        private const int HorizonHours = 23;
        private const int MinutesPerHour = 60;

        /// <summary>
        /// How many times the recent relative PV forecast error the reserve discounts the forecast
        /// PV by: counting on PV that does not come leaves the battery short at the peak, which
        /// costs more than holding a little too much.
        /// </summary>
        public const int PvErrorDiscountFactor = 2;

        /// <summary>The reserve always counts on at least half the forecast PV.</summary>
        public static readonly int MinimumPvConfidenceQ16 = Q16.FromRatio(1, 2);

        private readonly BatteryPlanParameters _parameters;
        private readonly DayProfileForecaster _forecaster;
        private readonly TimeOfUseTariff _tariff;

        /// <summary>Creates a planner in <see cref="OperatingMode.Auto"/>.</summary>
        public SocTargetPlanner(BatteryPlanParameters parameters, DayProfileForecaster forecaster, TimeOfUseTariff tariff)
        {
            _parameters = parameters;
            _forecaster = forecaster;
            _tariff = tariff;
            Mode = OperatingMode.Auto;
        }

        /// <summary>
        /// The price-and-forecast optimiser that decides in <see cref="OperatingMode.Auto"/> when set
        /// and the forecaster has learned a whole day (the device sets it; null keeps the reserve
        /// rule below, the planner before issue 16).
        /// </summary>
        public SlotPlanner Optimizer { get; set; }

        /// <summary>The mode in force.</summary>
        public OperatingMode Mode { get; set; }

        /// <summary>The pack and site limits the plan works with.</summary>
        public BatteryPlanParameters Parameters
        {
            get { return _parameters; }
        }

        /// <summary>The battery power manual mode holds, mW, positive = discharge (the dispatch still keeps every limit).</summary>
        public int ManualBatteryDischargeMilliwatts
        {
            get { return _parameters.ManualBatteryDischargeMilliwatts; }
            set { _parameters.ManualBatteryDischargeMilliwatts = value; }
        }

        /// <summary>The battery power the dispatcher should aim for, mW, positive = discharge.</summary>
        public int PreferredBatteryDischargeMilliwatts { get; private set; }

        /// <summary>The value of stored energy now, microcurrency per kWh: the battery's price in the dispatch.</summary>
        public int BatteryEnergyValueMicrocurrencyPerKilowattHour { get; private set; }

        /// <summary>Energy the battery must keep now for dearer hours, mWh (above the floor).</summary>
        public long ReserveMilliwattHours { get; private set; }

        /// <summary>The SOC the plan aims to hold now, per mille (floor plus reserve).</summary>
        public int TargetSocPerMille { get; private set; }

        /// <summary>True when the battery must not move at all (maintenance): the caller sets its limits to 0.</summary>
        public bool BatteryIdle
        {
            get { return Mode == OperatingMode.Maintenance; }
        }

        /// <summary>
        /// Plans one tick.
        /// </summary>
        /// <param name="minuteOfDay">Local time, minutes since midnight.</param>
        /// <param name="socPerMille">Estimated SOC, per mille.</param>
        /// <param name="loadMilliwatts">Load now, mW.</param>
        /// <param name="pvMilliwatts">PV available now, mW.</param>
        public void Plan(int minuteOfDay, int socPerMille, int loadMilliwatts, int pvMilliwatts)
        {
            int hourNow = (minuteOfDay / MinutesPerHour) % HoursPerDay;
            int priceNow = _tariff.ImportPriceAt(hourNow);
            BatteryEnergyValueMicrocurrencyPerKilowattHour = priceNow;
            int netMilliwatts = Saturating.Add(loadMilliwatts, -pvMilliwatts);
            int floorSocPerMille = Mode == OperatingMode.BackupReserve && _parameters.BackupReserveSocPerMille > _parameters.FloorSocPerMille
                ? _parameters.BackupReserveSocPerMille
                : _parameters.FloorSocPerMille;
            long availableMilliwattHours = EnergyAbove(socPerMille, floorSocPerMille);
            ReserveMilliwattHours = 0;
            TargetSocPerMille = floorSocPerMille;

            switch (Mode)
            {
                case OperatingMode.Maintenance:
                    PreferredBatteryDischargeMilliwatts = 0;
                    return;
                case OperatingMode.Manual:
                    PreferredBatteryDischargeMilliwatts = _parameters.ManualBatteryDischargeMilliwatts;
                    return;
                case OperatingMode.SelfConsumption:
                    PreferredBatteryDischargeMilliwatts = availableMilliwattHours > 0 || netMilliwatts < 0 ? netMilliwatts : 0;
                    return;
                case OperatingMode.BackupReserve:
                    PreferredBatteryDischargeMilliwatts = BackupReserve(socPerMille, floorSocPerMille, netMilliwatts);
                    return;
            }

            // Until the forecaster has seen a whole day it forecasts nothing, and an optimiser that
            // expects no PV would hold the battery for nothing: the reserve rule runs until then.
            if (Mode == OperatingMode.Auto && Optimizer != null && _forecaster.HasFullDay)
            {
                Optimizer.Plan(minuteOfDay, socPerMille, loadMilliwatts, pvMilliwatts);
                PreferredBatteryDischargeMilliwatts = Optimizer.PreferredBatteryDischargeMilliwatts;
                BatteryEnergyValueMicrocurrencyPerKilowattHour = Optimizer.BatteryEnergyValueMicrocurrencyPerKilowattHour;
                ReserveMilliwattHours = Optimizer.PlannedEnergyMilliwattHours;
                TargetSocPerMille = _parameters.FloorSocPerMille + (int)(Optimizer.PlannedEnergyMilliwattHours * 1000 / _parameters.CapacityMilliwattHours);
                return;
            }

            bool usePvForecast = Mode == OperatingMode.Auto;
            long reserveMilliwattHours = Reserve(hourNow, priceNow, usePvForecast);
            ReserveMilliwattHours = reserveMilliwattHours;
            TargetSocPerMille = floorSocPerMille + (int)(reserveMilliwattHours * 1000 / _parameters.CapacityMilliwattHours);

            if (netMilliwatts <= 0)
            {
                PreferredBatteryDischargeMilliwatts = netMilliwatts;
            }
            else
            {
                PreferredBatteryDischargeMilliwatts = availableMilliwattHours > reserveMilliwattHours ? netMilliwatts : 0;
            }

            if (reserveMilliwattHours > availableMilliwattHours && GridChargingPays(priceNow))
            {
                int gridChargeMilliwatts = GridChargeRate(minuteOfDay, hourNow, priceNow, reserveMilliwattHours - availableMilliwattHours);
                if (-gridChargeMilliwatts < PreferredBatteryDischargeMilliwatts)
                {
                    PreferredBatteryDischargeMilliwatts = -gridChargeMilliwatts;
                }
            }
        }

        /// <summary>Backward pass over the horizon: the energy to hold at the start of the next hour, mWh.</summary>
        private long Reserve(int hourNow, int priceNow, bool usePvForecast)
        {
            long capacityAboveFloor = EnergyAbove(_parameters.CeilingSocPerMille, _parameters.FloorSocPerMille);
            // One hour of grid charging at the charge limit, as stored energy.
            long gridRechargeMilliwattHours = Q16.Scale((long)_parameters.MaximumChargeMilliwatts, _parameters.ChargeEfficiencyQ16);
            int roundTripQ16 = Q16.Multiply(_parameters.ChargeEfficiencyQ16, _parameters.DischargeEfficiencyQ16);
            int pvConfidenceQ16 = Q16.One - (PvErrorDiscountFactor * _forecaster.PvRelativeErrorQ16);
            pvConfidenceQ16 = pvConfidenceQ16 < MinimumPvConfidenceQ16 ? MinimumPvConfidenceQ16 : pvConfidenceQ16;
            long requiredMilliwattHours = 0;
            for (int ahead = HorizonHours; ahead >= 1; ahead--)
            {
                int hour = hourNow + ahead;
                int price = _tariff.ImportPriceAt(hour);
                long pvMilliwattHours = usePvForecast ? Q16.Scale(_forecaster.PvMilliwattsAt(hour), pvConfidenceQ16) : 0;
                long netMilliwattHours = _forecaster.LoadMilliwattsAt(hour) - pvMilliwattHours;
                if (Saturating.DivideRounded((long)price * Q16.One, roundTripQ16) <= priceNow)
                {
                    // Energy bought then, even after the round trip, costs no more than now: the
                    // grid can refill the battery then, at up to its charge limit per hour.
                    requiredMilliwattHours -= gridRechargeMilliwattHours;
                }
                else if (price <= priceNow)
                {
                    // Not dearer than now, but not cheap enough to refill for: the grid serves this
                    // hour, and the battery neither needs to hold energy for it nor can rely on refilling.
                }
                else if (netMilliwattHours > 0)
                {
                    // A deficit served from the cells costs more stored energy than it delivers.
                    requiredMilliwattHours += Saturating.DivideRounded(netMilliwattHours * Q16.One, _parameters.DischargeEfficiencyQ16);
                }

                if (netMilliwattHours < 0)
                {
                    requiredMilliwattHours -= Q16.Scale(-netMilliwattHours, _parameters.ChargeEfficiencyQ16);
                }

                requiredMilliwattHours = requiredMilliwattHours < 0 ? 0 : (requiredMilliwattHours > capacityAboveFloor ? capacityAboveFloor : requiredMilliwattHours);
            }

            return requiredMilliwattHours;
        }

        /// <summary>
        /// Charging from the grid now pays when energy bought now, after the round trip, costs
        /// less than the dearest import price within the horizon (which the reserve serves).
        /// </summary>
        private bool GridChargingPays(int priceNow)
        {
            int dearestMicrocurrency = priceNow;
            for (int hour = 0; hour < HoursPerDay; hour++)
            {
                int price = _tariff.ImportPriceAt(hour);
                dearestMicrocurrency = price > dearestMicrocurrency ? price : dearestMicrocurrency;
            }

            long roundTripQ16 = Q16.Multiply(_parameters.ChargeEfficiencyQ16, _parameters.DischargeEfficiencyQ16);
            long costAfterLosses = Saturating.DivideRounded((long)priceNow * Q16.One, roundTripQ16);
            return costAfterLosses < dearestMicrocurrency;
        }

        /// <summary>The grid charge power that stores the shortfall by the end of this price window, mW.</summary>
        private int GridChargeRate(int minuteOfDay, int hourNow, int priceNow, long shortfallMilliwattHours)
        {
            int windowMinutes = MinutesPerHour - (minuteOfDay % MinutesPerHour);
            for (int ahead = 1; ahead < HoursPerDay && _tariff.ImportPriceAt(hourNow + ahead) <= priceNow; ahead++)
            {
                windowMinutes += MinutesPerHour;
            }

            long chargedMilliwattHours = Saturating.DivideRounded(shortfallMilliwattHours * Q16.One, _parameters.ChargeEfficiencyQ16);
            long rateMilliwatts = chargedMilliwattHours * MinutesPerHour / windowMinutes;
            return rateMilliwatts > _parameters.MaximumChargeMilliwatts ? _parameters.MaximumChargeMilliwatts : (int)rateMilliwatts;
        }

        /// <summary>Backup reserve: refill to the reserve from any source, use only what is above it.</summary>
        private int BackupReserve(int socPerMille, int reserveSocPerMille, int netMilliwatts)
        {
            if (socPerMille < reserveSocPerMille)
            {
                int refillMilliwatts = _parameters.MaximumChargeMilliwatts / BackupRefillDivisor;
                return netMilliwatts < -refillMilliwatts ? netMilliwatts : -refillMilliwatts;
            }

            return netMilliwatts < 0 || socPerMille > reserveSocPerMille ? netMilliwatts : 0;
        }

        /// <summary>The backup refill runs at a quarter of the charge limit: gentle on the cells and the grid connection, full within a few hours.</summary>
        private const int BackupRefillDivisor = 4;

        private long EnergyAbove(int socPerMille, int floorSocPerMille)
        {
            int abovePerMille = socPerMille - floorSocPerMille;
            return abovePerMille <= 0 ? 0 : _parameters.CapacityMilliwattHours * abovePerMille / 1000;
        }
    }
}
