namespace EdgeController.Core.Protection
{
    /// <summary>
    /// Trip and release thresholds of the protection, from the board config's battery section.
    /// Each non-latching fault trips beyond its trip value and releases only back past its
    /// release value (the hysteresis), so a value hovering at a limit cannot chatter the contactor.
    /// <see cref="ForCells"/> gives typical per-chemistry values.
    /// </summary>
    public sealed class ProtectionLimits
    {
        /// <summary>Pack voltage that stops charging, mV.</summary>
        public int OverVoltageTripMillivolts;

        /// <summary>Pack voltage below which charging may resume, mV.</summary>
        public int OverVoltageReleaseMillivolts;

        /// <summary>Pack voltage that opens the contactor and latches, mV (above the trip: the charge stop has failed).</summary>
        public int OverVoltageHardMillivolts;

        /// <summary>Pack voltage that stops discharging, mV.</summary>
        public int UnderVoltageTripMillivolts;

        /// <summary>Pack voltage above which discharging may resume, mV.</summary>
        public int UnderVoltageReleaseMillivolts;

        /// <summary>Charge current that opens the contactor, mA (magnitude).</summary>
        public int OverCurrentChargeMilliamps;

        /// <summary>Discharge current that opens the contactor, mA (magnitude).</summary>
        public int OverCurrentDischargeMilliamps;

        /// <summary>Temperature that opens the contactor, 0.1 °C.</summary>
        public int OverTemperatureTripDeciCelsius;

        /// <summary>Temperature below which the contactor may close again, 0.1 °C.</summary>
        public int OverTemperatureReleaseDeciCelsius;

        /// <summary>Temperature below which charging stops, 0.1 °C.</summary>
        public int UnderTemperatureChargeTripDeciCelsius;

        /// <summary>Temperature above which charging may resume, 0.1 °C.</summary>
        public int UnderTemperatureChargeReleaseDeciCelsius;

        /// <summary>Temperature below which the contactor opens, 0.1 °C.</summary>
        public int UnderTemperatureDischargeTripDeciCelsius;

        /// <summary>Temperature above which the contactor may close again, 0.1 °C.</summary>
        public int UnderTemperatureDischargeReleaseDeciCelsius;

        /// <summary>
        /// Current still flowing in a blocked direction one tick after the block that counts as
        /// uncontrolled, mA (magnitude).
        /// </summary>
        public int BlockedLeakMilliamps;

        /// <summary>Blocked-direction leak threshold as a divisor of the over-current limit: 2 %, above a shunt sensor's offset and noise.</summary>
        public const int BlockedLeakDivisor = 50;

        /// <summary>Consecutive ticks a sensor may fail before the fault trips (one failed read is a glitch, not a loss).</summary>
        public int SensorLossTicks;

        /// <summary>Temperature hysteresis: 5 °C, larger than a thermistor's noise and a pack's drift in a minute.</summary>
        public const int TemperatureHysteresisDeciCelsius = 50;

        /// <summary>Sensor loss after 3 failed ticks: at a 1 s tick, about one I2C retry cycle of the bus recovery.</summary>
        public const int DefaultSensorLossTicks = 3;

        /// <summary>Default over-temperature trip: 60 °C, the top of the usual LFP/NMC discharge operating range.</summary>
        public const int DefaultOverTemperatureDeciCelsius = 600;

        /// <summary>Default no-charge temperature: 0 °C, below which lithium cells plate lithium when charged.</summary>
        public const int DefaultUnderTemperatureChargeDeciCelsius = 0;

        /// <summary>Default under-temperature trip for discharge: -20 °C, the bottom of the usual discharge operating range.</summary>
        public const int DefaultUnderTemperatureDischargeDeciCelsius = -200;

        /// <summary>
        /// Limits for a pack of cells from per-cell voltages the board config gives (the cell
        /// datasheet's absolute ratings less the voltage sensor's tolerance), current limits as
        /// given, a 0 °C no-charge limit (lithium plating) and a -20..60 °C window for discharge
        /// (the common LFP/NMC datasheet operating range). The under-voltage release should be a
        /// rested voltage of a few per cent of charge, well above the trip: a pack cut off under
        /// load recovers hundreds of millivolts at rest, and a release inside that recovery would
        /// reconnect the load and trip again every few minutes.
        /// </summary>
        public static ProtectionLimits ForCells(
            int cellsInSeries,
            int overVoltageTripCellMillivolts,
            int overVoltageReleaseCellMillivolts,
            int overVoltageHardCellMillivolts,
            int underVoltageTripCellMillivolts,
            int underVoltageReleaseCellMillivolts,
            int overCurrentChargeMilliamps,
            int overCurrentDischargeMilliamps)
        {
            ProtectionLimits limits = new ProtectionLimits();
            limits.OverVoltageTripMillivolts = cellsInSeries * overVoltageTripCellMillivolts;
            limits.OverVoltageReleaseMillivolts = cellsInSeries * overVoltageReleaseCellMillivolts;
            limits.OverVoltageHardMillivolts = cellsInSeries * overVoltageHardCellMillivolts;
            limits.UnderVoltageTripMillivolts = cellsInSeries * underVoltageTripCellMillivolts;
            limits.UnderVoltageReleaseMillivolts = cellsInSeries * underVoltageReleaseCellMillivolts;
            limits.OverCurrentChargeMilliamps = overCurrentChargeMilliamps;
            limits.OverCurrentDischargeMilliamps = overCurrentDischargeMilliamps;
            limits.BlockedLeakMilliamps = overCurrentChargeMilliamps / BlockedLeakDivisor;
            limits.OverTemperatureTripDeciCelsius = DefaultOverTemperatureDeciCelsius;
            limits.OverTemperatureReleaseDeciCelsius = DefaultOverTemperatureDeciCelsius - TemperatureHysteresisDeciCelsius;
            limits.UnderTemperatureChargeTripDeciCelsius = DefaultUnderTemperatureChargeDeciCelsius;
            limits.UnderTemperatureChargeReleaseDeciCelsius = DefaultUnderTemperatureChargeDeciCelsius + TemperatureHysteresisDeciCelsius;
            limits.UnderTemperatureDischargeTripDeciCelsius = DefaultUnderTemperatureDischargeDeciCelsius;
            limits.UnderTemperatureDischargeReleaseDeciCelsius = DefaultUnderTemperatureDischargeDeciCelsius + TemperatureHysteresisDeciCelsius;
            limits.SensorLossTicks = DefaultSensorLossTicks;
            return limits;
        }
    }
}
