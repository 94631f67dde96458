using EdgeController.Core.Battery;
using EdgeController.Core.Charging;
using EdgeController.Core.Dispatch;
using EdgeController.Core.Market;
using EdgeController.Core.Planning;
using EdgeController.Core.Protection;
using EdgeController.Core.Sensing;
using EdgeController.Hal;

namespace EdgeController.Core.Control
{
    /// <summary>
    /// The dispatch and charge loop of one tick, in the order safety needs: the battery's sensors
    /// cleaned (range, stuck, spikes), protection first on their raw values (its gates hold for
    /// this tick's setpoints, so the safe state is reached within the tick), then
    /// the state of charge, the charge controller and discharge cut-off, the forecast and the
    /// plan, and last the dispatch within every limit found on the way. Allocation-free per tick.
    /// </summary>
    public sealed class EnergyControlLoop
    {
        private const int MicrowattsPerMilliwatt = 1000;
        private readonly ProtectionMonitor _protection;
        private readonly SocEstimator _soc;
        private readonly ChargeController _charge;
        private readonly DischargeCutoff _cutoff;
        private readonly DayProfileForecaster _forecaster;
        private readonly SocTargetPlanner _planner;
        private readonly SiteDispatcher _dispatcher;
        private readonly TimeOfUseTariff _tariff;
        private readonly SiteDispatchInput _dispatchInput = new SiteDispatchInput();
        private readonly SiteSetpoints _setpoints = new SiteSetpoints();
        private readonly int _maximumDischargeMilliwatts;
        private readonly SensorChannelFilter _voltageFilter;
        private readonly SensorChannelFilter _currentFilter;
        private readonly SensorChannelFilter _temperatureFilter;

        /// <summary>Wires the loop from its parts (built from the board config).</summary>
        public EnergyControlLoop(
            SensorChannelFilter voltageFilter,
            SensorChannelFilter currentFilter,
            SensorChannelFilter temperatureFilter,
            ProtectionMonitor protection,
            SocEstimator soc,
            ChargeController charge,
            DischargeCutoff cutoff,
            DayProfileForecaster forecaster,
            SocTargetPlanner planner,
            SiteDispatcher dispatcher,
            TimeOfUseTariff tariff,
            int gridImportLimitMilliwatts,
            int gridExportLimitMilliwatts,
            int maximumDischargeMilliwatts)
        {
            _voltageFilter = voltageFilter;
            _currentFilter = currentFilter;
            _temperatureFilter = temperatureFilter;
            _protection = protection;
            _soc = soc;
            _charge = charge;
            _cutoff = cutoff;
            _forecaster = forecaster;
            _planner = planner;
            _dispatcher = dispatcher;
            _tariff = tariff;
            _dispatchInput.GridImportLimitMilliwatts = gridImportLimitMilliwatts;
            _dispatchInput.GridExportLimitMilliwatts = gridExportLimitMilliwatts;
            _maximumDischargeMilliwatts = maximumDischargeMilliwatts;
        }

        /// <summary>The setpoints of the last tick.</summary>
        public SiteSetpoints Setpoints
        {
            get { return _setpoints; }
        }

        /// <summary>The protection (its fault mask and the raised/cleared bits of the last tick, for events).</summary>
        public ProtectionMonitor Protection
        {
            get { return _protection; }
        }

        /// <summary>The state-of-charge estimator.</summary>
        public SocEstimator Soc
        {
            get { return _soc; }
        }

        /// <summary>The planner (its mode may be changed between ticks).</summary>
        public SocTargetPlanner Planner
        {
            get { return _planner; }
        }

        /// <summary>The tariff the dispatch prices the grid with (the gateway's schedule is written into it).</summary>
        public TimeOfUseTariff Tariff
        {
            get { return _tariff; }
        }

        /// <summary>The charge controller.</summary>
        public ChargeController Charge
        {
            get { return _charge; }
        }

        /// <summary>The forecaster (the market's orders read the coming slot's load and PV from it).</summary>
        public DayProfileForecaster Forecaster
        {
            get { return _forecaster; }
        }

        /// <summary>
        /// The market award the battery follows in its slot in place of the plan's preference, or
        /// null (no market). Only the preference changes: the dispatch's limits and protection
        /// gates stay as they are, and manual, maintenance and backup modes never follow an award.
        /// </summary>
        public AwardFollower Award { get; set; }

        /// <summary>Runs one tick and leaves its decisions in <see cref="Setpoints"/>.</summary>
        public void Tick(EnergyControlInputs inputs)
        {
            _voltageFilter.Sample(inputs.PackVoltageStatus, inputs.PackMillivolts);
            _currentFilter.Sample(inputs.BatteryCurrentStatus, inputs.BatteryCurrentMilliamps);
            _temperatureFilter.Sample(inputs.TemperatureStatus, inputs.TemperatureDeciCelsius);
            _protection.Evaluate(
                _voltageFilter.IsValid, _voltageFilter.LastRaw,
                _currentFilter.IsValid, _currentFilter.LastRaw,
                _temperatureFilter.IsValid, _temperatureFilter.LastRaw);

            // Counting needs the current; without it the tick's charge is lost, not invented.
            int packMillivolts = _voltageFilter.Value;
            int currentMilliamps = _currentFilter.Value;
            if (_currentFilter.IsValid && _voltageFilter.IsValid)
            {
                _soc.Update(currentMilliamps, packMillivolts, inputs.ElapsedMilliseconds);
            }

            int socPerMille = _soc.SocPerMille;
            _charge.Update(_voltageFilter.Filtered, currentMilliamps, _temperatureFilter.Filtered, socPerMille, inputs.ElapsedMilliseconds);
            _cutoff.Update(_voltageFilter.Filtered, socPerMille);
            _forecaster.Observe(inputs.MinuteOfDay, inputs.LoadMilliwatts, inputs.PvAvailableMilliwatts, inputs.ElapsedMilliseconds);
            _planner.Plan(inputs.MinuteOfDay, socPerMille, inputs.LoadMilliwatts, inputs.PvAvailableMilliwatts);

            bool idle = _planner.BatteryIdle;
            bool chargeAllowed = _protection.ChargeAllowed && !idle;
            bool dischargeAllowed = _protection.DischargeAllowed && _cutoff.DischargeAllowed && !idle;
            int hour = inputs.MinuteOfDay / 60;
            _dispatchInput.LoadMilliwatts = inputs.LoadMilliwatts;
            _dispatchInput.PvAvailableMilliwatts = inputs.PvAvailableMilliwatts;
            _dispatchInput.BatteryChargeLimitMilliwatts = chargeAllowed ? ChargeLimitMilliwatts(packMillivolts) : 0;
            _dispatchInput.BatteryDischargeLimitMilliwatts = dischargeAllowed ? _maximumDischargeMilliwatts : 0;
            _dispatchInput.BatteryPreferredDischargeMilliwatts = PreferredBatteryDischargeMilliwatts(inputs, socPerMille);
            _dispatchInput.BatteryEnergyValueMicrocurrencyPerKilowattHour = _planner.BatteryEnergyValueMicrocurrencyPerKilowattHour;
            // The slot prices of the gateway's schedule when the follower fills them, else the hour's.
            SlotPlanner optimizer = _planner.Optimizer;
            bool slotPrices = optimizer != null && optimizer.Prices.Count > 0;
            _dispatchInput.ImportPriceMicrocurrencyPerKilowattHour = slotPrices ? optimizer.Prices.ImportAt(0) : _tariff.ImportPriceAt(hour);
            _dispatchInput.ExportPriceMicrocurrencyPerKilowattHour = slotPrices ? optimizer.Prices.ExportAt(0) : _tariff.ExportPriceAt(hour);
            _dispatcher.Dispatch(_dispatchInput, _setpoints);
            if (optimizer != null)
            {
                optimizer.ObserveGrid(_setpoints.GridMilliwatts, inputs.ElapsedMilliseconds);
            }
        }

        /// <summary>The plan's preference, or the award's in a slot the market awarded (in a mode that trades).</summary>
        private int PreferredBatteryDischargeMilliwatts(EnergyControlInputs inputs, int socPerMille)
        {
            int planned = _planner.PreferredBatteryDischargeMilliwatts;
            if (Award == null || !MarketParticipation.Trades(_planner.Mode))
            {
                return planned;
            }

            BatteryPlanParameters parameters = _planner.Parameters;
            int aboveFloorPerMille = socPerMille - parameters.FloorSocPerMille;
            long aboveFloor = aboveFloorPerMille > 0 ? parameters.CapacityMilliwattHours * aboveFloorPerMille / 1000 : 0;
            return Award.PreferredBatteryDischargeMilliwatts(inputs.UnixTimeMilliseconds, planned, inputs.LoadMilliwatts, inputs.PvAvailableMilliwatts,
                inputs.GridImportMilliwattHours, inputs.GridExportMilliwattHours, aboveFloor - _planner.ReserveMilliwattHours);
        }

        /// <summary>The charge controller's current limit at the pack voltage, as power, mW (truncated: the safe side).</summary>
        private int ChargeLimitMilliwatts(int packMillivolts)
        {
            long microwatts = (long)_charge.ChargeLimitMilliamps * (packMillivolts < 0 ? 0 : packMillivolts);
            long milliwatts = microwatts / MicrowattsPerMilliwatt;
            return milliwatts > int.MaxValue ? int.MaxValue : (int)milliwatts;
        }
    }
}
