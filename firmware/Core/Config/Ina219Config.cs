namespace EdgeController.Core.Config
{
    /// <summary>One INA219 power monitor: where it answers and what it measures.</summary>
    public sealed class Ina219Config
    {
        /// <summary>The channel key used in readings ("pv", "load", "grid", "bat").</summary>
        public string Key { get; set; }

        /// <summary>7-bit I2C address, 0x40..0x4F (set by the A0/A1 straps).</summary>
        public int Address { get; set; }

        /// <summary>Shunt resistance, milliohms.</summary>
        public int ShuntMilliohms { get; set; }

        /// <summary>The largest current to resolve, milliamps (sets the calibration).</summary>
        public int MaxCurrentMilliamps { get; set; }

        /// <summary>Bus voltage range of the chip: 16 or 32 V.</summary>
        public int BusVoltageRangeVolts { get; set; }

        /// <summary>What a positive current means for this channel ("generation", "consumption", "import", "charge").</summary>
        public string Forward { get; set; }
    }
}
