using EdgeController.Core.Battery;
using EdgeController.Core.Charging;
using EdgeController.Core.Config;
using EdgeController.Core.Dispatch;
using EdgeController.Core.FixedPoint;
using EdgeController.Core.Metering;
using EdgeController.Core.Planning;
using EdgeController.Core.Protection;
using EdgeController.Core.Sensing;
using EdgeController.Hal;

namespace EdgeController.Core.Control
{
    /// <summary>
    /// Builds the dispatch and charge loop from a validated board config, so that the device and
    /// the simulator run the same limits from the same file. Every margin it adds to the file's
    /// values is named below with its reason.
    /// </summary>
    public static class EnergyControlBuilder
    {
        /// <summary>Over-voltage trips this far above the charge voltage, mV per cell: above the CV loop's overshoot, below the cell's absolute rating.</summary>
        public const int OverVoltageMarginCellMillivolts = 50;

        /// <summary>The hard (latching) over-voltage is this far above the charge voltage, mV per cell: a charger that does not stop.</summary>
        public const int OverVoltageHardMarginCellMillivolts = 150;

        /// <summary>Under-voltage trips this far below the controlled cut-off, mV per cell: the cut-off acts first, protection only when it failed.</summary>
        public const int UnderVoltageMarginCellMillivolts = 200;

        /// <summary>The controlled cut-off resumes this far above it, mV per cell: the rebound of a pack relieved of its load stays below.</summary>
        public const int CutoffResumeCellMillivolts = 150;

        /// <summary>Over-current trips at this many quarters of the configured maximum (125 %): the controller holds the maximum, protection the fault beyond it.</summary>
        public const int OverCurrentQuarters = 5;

        /// <summary>Charge current reaches its maximum this far inside the temperature window, 0.1 °C (derated linearly to zero at the edges).</summary>
        public const int ChargeDeratingSpanDeciCelsius = 100;

        /// <summary>
        /// Voltage samples that may repeat exactly before the sensor counts as frozen: 10 minutes
        /// at 1 s. A working ADC's noise moves the last count well within that.
        /// </summary>
        public const int VoltageStuckSamples = 600;

        /// <summary>The "forward" of the PV channel: its current counts positive when generating.</summary>
        public const string ForwardGeneration = "generation";

        /// <summary>The "forward" of the load channel.</summary>
        public const string ForwardConsumption = "consumption";

        /// <summary>The "forward" of the battery channel: positive into the battery.</summary>
        public const string ForwardCharge = "charge";

        /// <summary>The output that drives the battery contactor's coil.</summary>
        public const string ContactorOutputKey = "contactor";

        /// <summary>The ADC input of the pack's NTC.</summary>
        public const string TemperatureInputKey = "temp";

        /// <summary>The index of the power channel whose "forward" is forward, or -1.</summary>
        public static int ChannelIndexOf(BoardConfig config, string forward)
        {
            for (int i = 0; i < config.Ina219.Length; i++)
            {
                if (config.Ina219[i].Forward == forward)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>
        /// Why this board cannot run the energy control (it then only meters), or null when it
        /// can: it needs PV, load and battery channels, the pack's NTC, a contactor output and
        /// the power stage's setpoints.
        /// </summary>
        public static string MissingForControl(BoardConfig config)
        {
            if (ChannelIndexOf(config, ForwardGeneration) < 0 || ChannelIndexOf(config, ForwardConsumption) < 0
                || ChannelIndexOf(config, ForwardCharge) < 0)
            {
                return "ina219: needs channels with forward \"generation\", \"consumption\" and \"charge\"";
            }

            AdcInputConfig temperature = config.AdcInput(TemperatureInputKey);
            if (temperature == null || temperature.Kind != AdcInputConfig.KindNtc)
            {
                return "adc: needs an \"ntc\" input with key \"" + TemperatureInputKey + "\" (the pack temperature)";
            }

            if (!HasOutput(config, ContactorOutputKey))
            {
                return "outputs: needs one with key \"" + ContactorOutputKey + "\" (the battery contactor)";
            }

            if (config.PowerStage == null)
            {
                return "powerStage: missing (the battery converter and PV limit outputs)";
            }

            return null;
        }

        /// <summary>The chemistry named in a board config ("LiFePO4", "li-ion", "lead-acid").</summary>
        public static BatteryChemistry ChemistryOf(string configName)
        {
            if (configName == "lead-acid")
            {
                return BatteryChemistry.LeadAcid;
            }

            return configName == "li-ion" ? BatteryChemistry.Nmc : BatteryChemistry.LiFePO4;
        }

        /// <summary>A cell's nominal voltage, mV: what the plan converts charge to energy with.</summary>
        public static int NominalCellMillivolts(BatteryChemistry chemistry)
        {
            if (chemistry == BatteryChemistry.LeadAcid)
            {
                return 2000;
            }

            return chemistry == BatteryChemistry.Nmc ? 3650 : 3200;
        }

        /// <summary>The pack of a board config.</summary>
        public static BatteryParameters BatteryOf(BatteryConfig battery)
        {
            return new BatteryParameters(ChemistryOf(battery.Chemistry), battery.Cells, battery.CapacityMilliampHours, battery.ChargeEfficiencyPerMille);
        }

        /// <summary>The time-of-use tariff of a board config's site (a signed schedule replaces it later).</summary>
        public static TimeOfUseTariff TariffOf(SiteConfig site)
        {
            TimeOfUseTariff tariff = new TimeOfUseTariff(site.ImportMicrocurrencyPerKilowattHour, site.ExportMicrocurrencyPerKilowattHour);
            for (int i = 0; i < site.TariffPeriods.Length; i++)
            {
                TariffPeriodConfig period = site.TariffPeriods[i];
                tariff.SetImportPrice(period.FromHour, period.ToHour, period.ImportMicrocurrencyPerKilowattHour);
            }

            return tariff;
        }

        /// <summary>The protection limits of a board config's battery.</summary>
        public static ProtectionLimits ProtectionOf(BatteryConfig battery)
        {
            int cutoffCell = battery.CutoffMillivoltsPerCell;
            // The release is a rested voltage halfway between cut-off and float: a few per cent
            // of charge, well above the rebound of a pack that was cut off under load.
            int releaseCell = cutoffCell + ((battery.FloatMillivoltsPerCell - cutoffCell) / 2);
            ProtectionLimits limits = ProtectionLimits.ForCells(
                battery.Cells,
                battery.ChargeMillivoltsPerCell + OverVoltageMarginCellMillivolts,
                battery.FloatMillivoltsPerCell,
                battery.ChargeMillivoltsPerCell + OverVoltageHardMarginCellMillivolts,
                cutoffCell - UnderVoltageMarginCellMillivolts,
                releaseCell,
                Quarters(battery.MaxChargeMilliamps),
                Quarters(battery.MaxDischargeMilliamps));
            int overTemperature = battery.MaxDischargeDeciCelsius > battery.MaxChargeDeciCelsius
                ? battery.MaxDischargeDeciCelsius
                : battery.MaxChargeDeciCelsius;
            limits.OverTemperatureTripDeciCelsius = overTemperature;
            limits.OverTemperatureReleaseDeciCelsius = overTemperature - ProtectionLimits.TemperatureHysteresisDeciCelsius;
            limits.UnderTemperatureChargeTripDeciCelsius = battery.MinChargeDeciCelsius;
            limits.UnderTemperatureChargeReleaseDeciCelsius = battery.MinChargeDeciCelsius + ProtectionLimits.TemperatureHysteresisDeciCelsius;
            limits.UnderTemperatureDischargeTripDeciCelsius = battery.MinDischargeDeciCelsius;
            limits.UnderTemperatureDischargeReleaseDeciCelsius = battery.MinDischargeDeciCelsius + ProtectionLimits.TemperatureHysteresisDeciCelsius;
            return limits;
        }

        /// <summary>The charge profile: the chemistry's defaults with the file's voltages and temperature window.</summary>
        public static ChargeProfile ChargeProfileOf(BatteryConfig battery)
        {
            ChargeProfile profile = ChargeProfile.For(ChemistryOf(battery.Chemistry), battery.CapacityMilliampHours, battery.MaxChargeMilliamps);
            profile.AbsorptionCellMillivolts = battery.ChargeMillivoltsPerCell;
            profile.FloatCellMillivolts = battery.FloatMillivoltsPerCell;
            profile.NoChargeBelowDeciCelsius = battery.MinChargeDeciCelsius;
            profile.NoChargeAboveDeciCelsius = battery.MaxChargeDeciCelsius;
            int span = (battery.MaxChargeDeciCelsius - battery.MinChargeDeciCelsius) / 2;
            span = span < ChargeDeratingSpanDeciCelsius ? span : ChargeDeratingSpanDeciCelsius;
            profile.FullChargeFromDeciCelsius = battery.MinChargeDeciCelsius + span;
            profile.FullChargeUpToDeciCelsius = battery.MaxChargeDeciCelsius - span;
            return profile;
        }

        /// <summary>The plan's view of the pack and the site.</summary>
        public static BatteryPlanParameters PlanOf(BatteryConfig battery, SiteConfig site)
        {
            int nominalPackMillivolts = battery.Cells * NominalCellMillivolts(ChemistryOf(battery.Chemistry));
            BatteryPlanParameters plan = new BatteryPlanParameters();
            plan.CapacityMilliwattHours = (long)battery.CapacityMilliampHours * nominalPackMillivolts / 1000;
            plan.FloorSocPerMille = site.FloorSocPerMille;
            plan.BackupReserveSocPerMille = site.BackupReserveSocPerMille;
            plan.MaximumChargeMilliwatts = Saturating.ToInt32((long)battery.MaxChargeMilliamps * nominalPackMillivolts / 1000);
            plan.MaximumDischargeMilliwatts = MaximumDischargeMilliwatts(battery);
            return plan;
        }

        /// <summary>Most the battery may deliver, mW: its current limit at the nominal voltage.</summary>
        public static int MaximumDischargeMilliwatts(BatteryConfig battery)
        {
            int nominalPackMillivolts = battery.Cells * NominalCellMillivolts(ChemistryOf(battery.Chemistry));
            return Saturating.ToInt32((long)battery.MaxDischargeMilliamps * nominalPackMillivolts / 1000);
        }

        /// <summary>The planner with its slot optimiser (issue 16): the pass is spread over 6 slots a tick on the device.</summary>
        public static SocTargetPlanner PlannerOf(BatteryPlanParameters parameters, DayProfileForecaster forecaster, TimeOfUseTariff tariff, int gridExportLimitMilliwatts)
        {
            SlotPlanner optimizer = new SlotPlanner(parameters, new ProfileSlotForecast(forecaster), tariff);
            optimizer.GridExportLimitMilliwatts = gridExportLimitMilliwatts;
            optimizer.MaximumSlotsPerPlan = DeviceSlotsPerTick;
            SocTargetPlanner planner = new SocTargetPlanner(parameters, forecaster, tariff);
            planner.Optimizer = optimizer;
            return planner;
        }

        /// <summary>
        /// Rows of the planner's backward pass per tick on the device (a 144-slot pass over 24
        /// ticks): each row weighs three net loads, so 6 rows cost about what 16 did before the
        /// forecast's spread was weighed.
        /// </summary>
        public const int DeviceSlotsPerTick = 6;

        /// <summary>
        /// The whole loop. soc must already be started (restored or from the open-circuit
        /// voltage); tariff is the one the gateway's schedule will later update.
        /// </summary>
        public static EnergyControlLoop Build(BoardConfig config, SocEstimator soc, TimeOfUseTariff tariff)
        {
            BatteryConfig battery = config.Battery;
            SiteConfig site = config.Site;
            int maximumCurrentMilliamps = battery.MaxChargeMilliamps > battery.MaxDischargeMilliamps
                ? battery.MaxChargeMilliamps
                : battery.MaxDischargeMilliamps;
            DayProfileForecaster forecaster = new DayProfileForecaster();
            return new EnergyControlLoop(
                // Pack 0..5 V a cell; a step over 250 mV a cell in one tick is a spike until it persists.
                new SensorChannelFilter(0, battery.Cells * 5000, battery.Cells * 250, VoltageStuckSamples, Q16.FromRatio(1, 4)),
                // Current: four times the larger limit is beyond any real flow (a shorted shunt
                // reads there); steps are real, and a quiet channel repeats legitimately.
                new SensorChannelFilter(-4 * maximumCurrentMilliamps, 4 * maximumCurrentMilliamps, 0, 0, Q16.One),
                // Temperature -40..125 °C (the NTC's range); a pack warms at most 2 °C a tick.
                new SensorChannelFilter(-400, 1250, 20, 0, Q16.FromRatio(1, 8)),
                new ProtectionMonitor(ProtectionOf(battery)),
                soc,
                new ChargeController(ChargeProfileOf(battery), battery.Cells),
                new DischargeCutoff(
                    battery.Cells * battery.CutoffMillivoltsPerCell,
                    battery.Cells * (battery.CutoffMillivoltsPerCell + CutoffResumeCellMillivolts),
                    site.FloorSocPerMille / 2,
                    site.FloorSocPerMille),
                forecaster,
                PlannerOf(PlanOf(battery, site), forecaster, tariff, Saturating.ToInt32((long)site.GridExportLimitWatts * 1000)),
                new SiteDispatcher(new SiteDispatchWeights()),
                tariff,
                Saturating.ToInt32((long)site.GridImportLimitWatts * 1000),
                Saturating.ToInt32((long)site.GridExportLimitWatts * 1000),
                MaximumDischargeMilliwatts(battery));
        }

        /// <summary>
        /// The energy control of a board whose <see cref="MissingForControl"/> is null, on its
        /// power stage: the loop from the config, the controller's PV, load and battery channels
        /// by their "forward", the pack NTC on temperatureAdc, the state of charge kept on flash.
        /// The device and the simulator both build it here, so they run the same wiring.
        /// </summary>
        public static SiteControl BuildSiteControl(
            BoardConfig config,
            MeterChannel[] channels,
            ScaledVoltageInput packVoltage,
            IAdcChannel temperatureAdc,
            IBatteryConverter converter,
            IPvCurtailment pvCurtailment,
            ISwitchOutput contactor,
            IClock clock,
            INonVolatileStore flash)
        {
            BatteryParameters battery = BatteryOf(config.Battery);
            AdcInputConfig ntc = config.AdcInput(TemperatureInputKey);
            SiteControl site = new SiteControl(
                Build(config, new SocEstimator(battery), TariffOf(config.Site)),
                channels[ChannelIndexOf(config, ForwardGeneration)],
                channels[ChannelIndexOf(config, ForwardConsumption)],
                channels[ChannelIndexOf(config, ForwardCharge)],
                packVoltage,
                new NtcTemperatureInput(temperatureAdc, ntc.SeriesOhms, ntc.NtcNominalOhms, ntc.NtcNominalDeciCelsius, ntc.NtcBetaKelvin),
                converter,
                pvCurtailment,
                contactor,
                clock,
                new BatteryStateStore(flash, battery),
                config.Site.UtcOffsetMinutes);
            SlotPlanner optimizer = site.Loop.Planner.Optimizer;
            if (config.Site.DemandChargeMicrocurrencyPerKilowatt > 0 && optimizer != null)
            {
                optimizer.DemandChargeMicrocurrencyPerKilowatt = config.Site.DemandChargeMicrocurrencyPerKilowatt;
                optimizer.FixedPeakCapMilliwatts = Saturating.ToInt32((long)config.Site.PeakCapWatts * 1000);
                site.DemandPeriod = new DemandChargePeriod(optimizer, flash, config.Site.UtcOffsetMinutes);
                site.DemandPeriod.Start();
            }

            return site;
        }

        private static bool HasOutput(BoardConfig config, string key)
        {
            for (int i = 0; i < config.Outputs.Length; i++)
            {
                if (config.Outputs[i].Key == key)
                {
                    return true;
                }
            }

            return false;
        }

        private static int Quarters(int milliamps)
        {
            return Saturating.ToInt32((long)milliamps * OverCurrentQuarters / 4);
        }
    }
}
