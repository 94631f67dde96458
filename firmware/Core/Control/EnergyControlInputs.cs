using EdgeController.Hal;

namespace EdgeController.Core.Control
{
    /// <summary>One tick's measurements for the <see cref="EnergyControlLoop"/>, preallocated and overwritten each tick.</summary>
    public sealed class EnergyControlInputs
    {
        /// <summary>Local time, minutes since midnight (from the synchronised wall clock).</summary>
        public int MinuteOfDay;

        /// <summary>Time since the previous tick, ms (from the monotonic uptime clock).</summary>
        public int ElapsedMilliseconds;

        /// <summary>How this tick's battery voltage read went, as the sensor said it (passed through, not squashed to a bool).</summary>
        public SensorStatus PackVoltageStatus;

        /// <summary>Battery pack voltage, mV.</summary>
        public int PackMillivolts;

        /// <summary>How this tick's battery current read went.</summary>
        public SensorStatus BatteryCurrentStatus;

        /// <summary>Battery current, mA, positive = into the battery (charge).</summary>
        public int BatteryCurrentMilliamps;

        /// <summary>How this tick's pack temperature read went.</summary>
        public SensorStatus TemperatureStatus;

        /// <summary>Pack temperature, 0.1 °C.</summary>
        public int TemperatureDeciCelsius;

        /// <summary>Load on the bus, mW.</summary>
        public int LoadMilliwatts;

        /// <summary>PV power available (the tracker's maximum, before curtailment), mW.</summary>
        public int PvAvailableMilliwatts;

        /// <summary>Wall clock now, Unix ms (what a market award's slot is judged by).</summary>
        public long UnixTimeMilliseconds;

        /// <summary>The grid channel's import register (forward), mWh; 0 without a market.</summary>
        public long GridImportMilliwattHours;

        /// <summary>The grid channel's export register (reverse), mWh; 0 without a market.</summary>
        public long GridExportMilliwattHours;
    }
}
