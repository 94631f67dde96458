using EdgeController.Core.Battery;
using EdgeController.Core.Dispatch;
using EdgeController.Core.Market;
using EdgeController.Core.Metering;
using EdgeController.Core.Planning;
using EdgeController.Hal;

namespace EdgeController.Core.Control
{
    /// <summary>
    /// The energy side of the controller's tick: the meters' values into the
    /// <see cref="EnergyControlLoop"/>, and its decisions out to the power stage in the same
    /// tick: the contactor first (so a trip is the safe state before anything else is written),
    /// then the battery converter, then the PV limit. Allocation-free per tick.
    /// </summary>
    /// <remarks>
    /// Two things the loop needs are not measured directly, and how they are found is a choice:
    /// <list type="bullet">
    /// <item>PV available: a curtailed PV string delivers its limit, not what it could. While the
    /// output sits at the limit, the loop is told a little more than it gets
    /// (<see cref="PvProbeDivisor"/>), so the limit creeps up until it no longer binds.</item>
    /// <item>Local time: from the wall clock and the site's UTC offset. Until the clock is
    /// synchronised the hour is unknown, so time-based modes (auto, tou) run as self-consumption.</item>
    /// </list>
    /// </remarks>
    public sealed class SiteControl
    {
        /// <summary>While curtailed, the loop sees the PV output plus 1/8 of it (at least <see cref="MinimumPvProbeMilliwatts"/>).</summary>
        public const int PvProbeDivisor = 8;

        /// <summary>The smallest probe step, mW.</summary>
        public const int MinimumPvProbeMilliwatts = 5000;

        /// <summary>The PV output counts as held at its limit within this fraction of it (1/50).</summary>
        public const int PvAtLimitDivisor = 50;

        private const long MillisecondsPerMinute = 60000;
        private const int MinutesPerDay = 1440;

        private readonly EnergyControlLoop _loop;
        private readonly EnergyControlInputs _inputs = new EnergyControlInputs();
        private readonly MeterChannel _pv;
        private readonly MeterChannel _load;
        private readonly MeterChannel _battery;
        private readonly ScaledVoltageInput _packVoltage;
        private readonly NtcTemperatureInput _temperature;
        private readonly IBatteryConverter _converter;
        private readonly IPvCurtailment _pvCurtailment;
        private readonly ISwitchOutput _contactor;
        private readonly IClock _clock;
        private readonly BatteryStateStore _batteryStore;
        private readonly int _utcOffsetMinutes;
        private int _pvLimitMilliwatts = int.MaxValue;

        /// <summary>Wires the control to its meters and actuators; nothing is written until the first <see cref="Tick"/>.</summary>
        /// <param name="pv">The PV channel (forward = generation).</param>
        /// <param name="load">The load channel (forward = consumption).</param>
        /// <param name="battery">The battery channel (forward = charge).</param>
        public SiteControl(
            EnergyControlLoop loop,
            MeterChannel pv,
            MeterChannel load,
            MeterChannel battery,
            ScaledVoltageInput packVoltage,
            NtcTemperatureInput temperature,
            IBatteryConverter converter,
            IPvCurtailment pvCurtailment,
            ISwitchOutput contactor,
            IClock clock,
            BatteryStateStore batteryStore,
            int utcOffsetMinutes)
        {
            _loop = loop;
            _pv = pv;
            _load = load;
            _battery = battery;
            _packVoltage = packVoltage;
            _temperature = temperature;
            _converter = converter;
            _pvCurtailment = pvCurtailment;
            _contactor = contactor;
            _clock = clock;
            _batteryStore = batteryStore;
            _utcOffsetMinutes = utcOffsetMinutes;
            ReadingFields = new BatteryReadingFields();
        }

        /// <summary>The loop (protection, SOC, charge, plan and setpoints of the last tick).</summary>
        public EnergyControlLoop Loop
        {
            get { return _loop; }
        }

        /// <summary>The battery fields of the next reading.</summary>
        public BatteryReadingFields ReadingFields { get; private set; }

        /// <summary>The protection's faults now (latched or active).</summary>
        public int ProtectionFaults
        {
            get { return _loop.Protection.Faults; }
        }

        /// <summary>The pack temperature input.</summary>
        public NtcTemperatureInput Temperature
        {
            get { return _temperature; }
        }

        /// <summary>Follows the gateway's tariff schedule into the dispatch's tariff, or null (the config's prices only).</summary>
        public TariffFollower TariffFollower { get; set; }

        /// <summary>The site's part in the local energy market (orders posted, awards followed), or null: the device does not trade.</summary>
        public MarketParticipation Market { get; set; }

        /// <summary>The demand charge's month (peak reset and persisted), or null without a demand charge.</summary>
        public DemandChargePeriod DemandPeriod { get; set; }

        /// <summary>True while the last command to an actuator was not taken.</summary>
        public bool ActuatorNotResponding { get; private set; }

        /// <summary>Commands an actuator did not take, since boot.</summary>
        public long ActuatorFailures { get; private set; }

        /// <summary>
        /// Starts the state of charge: from the saved estimate when there is one for this pack,
        /// else from the pack's open-circuit voltage (the pack is assumed rested at boot).
        /// Call once, after the first voltage sample.
        /// </summary>
        public void Start()
        {
            int socPerMille;
            int sohPerMille;
            if (_batteryStore.TryLoad(out socPerMille, out sohPerMille))
            {
                _loop.Soc.Restore(socPerMille, sohPerMille);
                StartedFromSavedState = true;
            }
            else
            {
                _loop.Soc.StartFromOpenCircuit(_packVoltage.Millivolts);
            }

            _temperature.Sample();
            ReadingFields.SocPerMille = _loop.Soc.SocPerMille;
            ReadingFields.TemperatureDeciCelsius = _temperature.DeciCelsius;
        }

        /// <summary>True when <see cref="Start"/> restored a saved estimate.</summary>
        public bool StartedFromSavedState { get; private set; }

        /// <summary>
        /// One tick, after the meters were sampled: the loop decides, the actuators follow, and
        /// the state of charge is saved when it moved enough. requestedMode is the controller's
        /// (its one owner); until the clock is synchronised a time-based mode runs as self-consumption.
        /// </summary>
        public void Tick(int elapsedMilliseconds, OperatingMode requestedMode)
        {
            _temperature.Sample();
            FillInputs(elapsedMilliseconds);
            bool synchronized = _clock.IsWallClockSynchronized;
            if (TariffFollower != null)
            {
                if (TariffFollower.ForwardPrices == null && _loop.Planner.Optimizer != null)
                {
                    TariffFollower.ForwardPrices = _loop.Planner.Optimizer.Prices;
                }

                TariffFollower.Update(_clock.UnixTimeMilliseconds, synchronized);
            }

            if (DemandPeriod != null)
            {
                DemandPeriod.Update(_clock.UnixTimeMilliseconds, synchronized);
            }

            _loop.Planner.Mode = synchronized || !IsTimeBased(requestedMode) ? requestedMode : OperatingMode.SelfConsumption;
            _loop.Tick(_inputs);
            Apply(_loop.Setpoints);
            if (Market != null)
            {
                Market.Poll(_inputs);
            }

            ReadingFields.SocPerMille = _loop.Soc.SocPerMille;
            ReadingFields.TemperatureDeciCelsius = _temperature.DeciCelsius;
            long now = _clock.UptimeMilliseconds;
            if (_batteryStore.ShouldSave(_loop.Soc.SocPerMille, _loop.Soc.SohPerMille, now))
            {
                _batteryStore.Save(_loop.Soc.SocPerMille, _loop.Soc.SohPerMille, now);
            }
        }

        /// <summary>
        /// The safe state without the loop: contactor open, converter idle. For the caller whose
        /// tick failed (an exception) or that stops: outputs must not hold their last command
        /// while nothing watches them. The next good tick decides afresh.
        /// </summary>
        public void EnterSafeState()
        {
            try
            {
                _contactor.Set(false);
            }
            finally
            {
                // Even when the contactor's driver throws, the converter is still told to stop.
                _converter.SetPowerMilliwatts(0);
                ReadingFields.ChargeSetpointMilliwatts = 0;
            }
        }

        /// <summary>Saves the state of charge now (before a controlled reboot).</summary>
        public void PersistState()
        {
            _batteryStore.Save(_loop.Soc.SocPerMille, _loop.Soc.SohPerMille, _clock.UptimeMilliseconds);
        }

        /// <summary>The technician's clear of latched protection faults; returns those still latched.</summary>
        public int ClearLatchedProtection()
        {
            return _loop.Protection.ClearLatched();
        }

        private void FillInputs(int elapsedMilliseconds)
        {
            EnergyControlInputs inputs = _inputs;
            inputs.ElapsedMilliseconds = elapsedMilliseconds;
            inputs.MinuteOfDay = LocalMinuteOfDay();
            inputs.PackVoltageStatus = _packVoltage.LastStatus;
            inputs.PackMillivolts = _packVoltage.Millivolts;
            inputs.BatteryCurrentStatus = _battery.LastStatus;
            inputs.BatteryCurrentMilliamps = _battery.CurrentMilliamps;
            inputs.TemperatureStatus = _temperature.LastStatus;
            inputs.TemperatureDeciCelsius = _temperature.DeciCelsius;
            // A failed load read keeps the last value: the balance is then off by the change since,
            // which the grid (the slack) absorbs; the channel's fault bit says so in the reading.
            inputs.LoadMilliwatts = _load.PowerMilliwatts < 0 ? 0 : _load.PowerMilliwatts;
            inputs.PvAvailableMilliwatts = PvAvailableMilliwatts();
            inputs.UnixTimeMilliseconds = _clock.UnixTimeMilliseconds;
            if (Market != null)
            {
                inputs.GridImportMilliwattHours = Market.Grid.ForwardMilliwattHours;
                inputs.GridExportMilliwattHours = Market.Grid.ReverseMilliwattHours;
            }
        }

        private int PvAvailableMilliwatts()
        {
            int measured = _pv.PowerMilliwatts < 0 ? 0 : _pv.PowerMilliwatts;
            if (_pvLimitMilliwatts == int.MaxValue || measured < _pvLimitMilliwatts - (_pvLimitMilliwatts / PvAtLimitDivisor))
            {
                return measured;
            }

            int probe = measured / PvProbeDivisor;
            return measured + (probe > MinimumPvProbeMilliwatts ? probe : MinimumPvProbeMilliwatts);
        }

        private void Apply(SiteSetpoints setpoints)
        {
            bool closed = _loop.Protection.ContactorClosed;
            _contactor.Set(closed);
            bool taken = _converter.SetPowerMilliwatts(closed ? setpoints.BatteryDischargeMilliwatts : 0);
            int limit = setpoints.PvCurtailedMilliwatts > 0 ? setpoints.PvMilliwatts : int.MaxValue;
            bool limitTaken = _pvCurtailment.SetLimitMilliwatts(limit);
            if (limitTaken)
            {
                _pvLimitMilliwatts = limit;
            }

            ActuatorNotResponding = !taken || !limitTaken;
            if (ActuatorNotResponding)
            {
                ActuatorFailures++;
            }

            // The reading states it in the battery channel's direction (positive = charge), like bat_mw.
            // The one sign change: inside Core + = discharge; the reading's bat_set_mw is + = charge,
            // like the battery channel's bat_mw on the wire.
            ReadingFields.ChargeSetpointMilliwatts = closed ? -setpoints.BatteryDischargeMilliwatts : 0;
        }

        private int LocalMinuteOfDay()
        {
            long minutes = (_clock.UnixTimeMilliseconds / MillisecondsPerMinute) + _utcOffsetMinutes;
            int minuteOfDay = (int)(minutes % MinutesPerDay);
            return minuteOfDay < 0 ? minuteOfDay + MinutesPerDay : minuteOfDay;
        }

        private static bool IsTimeBased(OperatingMode mode)
        {
            return mode == OperatingMode.Auto || mode == OperatingMode.TimeOfUseArbitrage;
        }
    }
}
