namespace EdgeController.Core.Control
{
    /// <summary>One tick's measurements for the <see cref="EnergyControlLoop"/>, preallocated and overwritten each tick.</summary>
    public sealed class EnergyControlInputs
    {
        /// <summary>Local time, minutes since midnight (from the synchronised wall clock).</summary>
        public int MinuteOfDay;

        /// <summary>Time since the previous tick, ms (from the monotonic uptime clock).</summary>
        public int ElapsedMilliseconds;

        /// <summary>The battery voltage was read this tick.</summary>
        public bool PackVoltageValid;

        /// <summary>Battery pack voltage, mV.</summary>
        public int PackMillivolts;

        /// <summary>The battery current was read this tick.</summary>
        public bool BatteryCurrentValid;

        /// <summary>Battery current, mA, positive = into the battery (charge).</summary>
        public int BatteryCurrentMilliamps;

        /// <summary>The pack temperature was read this tick.</summary>
        public bool TemperatureValid;

        /// <summary>Pack temperature, 0.1 °C.</summary>
        public int TemperatureDeciCelsius;

        /// <summary>Load on the bus, mW.</summary>
        public int LoadMilliwatts;

        /// <summary>PV power available (the tracker's maximum, before curtailment), mW.</summary>
        public int PvAvailableMilliwatts;
    }
}
