namespace EdgeController.Core.Config
{
    /// <summary>
    /// One board's configuration, as read from board-configs/&lt;board&gt;.json by
    /// <see cref="BoardConfigLoader"/>: what is wired where, the battery's limits and the loop's
    /// periods. Only a loader that found no error hands one out, so every field here is valid.
    /// </summary>
    public sealed class BoardConfig
    {
        /// <summary>The board's name, the file name without .json (e.g. "esp32-devkitc").</summary>
        public string Board { get; set; }

        /// <summary>Free text for people.</summary>
        public string Description { get; set; }

        /// <summary>The chip family: "esp32", "esp32s3" or "simulator".</summary>
        public string Platform { get; set; }

        /// <summary>The nanoff target of the firmware image (e.g. "ESP32_PSRAM_REV0"); null for the simulator.</summary>
        public string NanoffTarget { get; set; }

        /// <summary>The I2C bus the INA219s share.</summary>
        public I2cBusConfig I2c { get; set; }

        /// <summary>The power measurement points, in board (and reading) order.</summary>
        public Ina219Config[] Ina219 { get; set; }

        /// <summary>The analog inputs (battery voltage, temperature).</summary>
        public AdcInputConfig[] Adc { get; set; }

        /// <summary>The serial console.</summary>
        public ConsoleUartConfig Console { get; set; }

        /// <summary>The digital outputs the controller drives.</summary>
        public OutputConfig[] Outputs { get; set; }

        /// <summary>The PWM setpoints of the battery converter and the PV controller; null when the file has none (the board only meters).</summary>
        public PowerStageConfig PowerStage { get; set; }

        /// <summary>The battery's chemistry and limits.</summary>
        public BatteryConfig Battery { get; set; }

        /// <summary>The loop's periods.</summary>
        public LoopConfig Loop { get; set; }

        /// <summary>The site: grid limits, time zone, plan limits and tariff.</summary>
        public SiteConfig Site { get; set; }

        /// <summary>The keys of the power channels in board order (what Controller takes).</summary>
        public string[] ChannelKeys()
        {
            string[] keys = new string[Ina219.Length];
            for (int i = 0; i < keys.Length; i++)
            {
                keys[i] = Ina219[i].Key;
            }

            return keys;
        }

        /// <summary>The analog input with this key, or null.</summary>
        public AdcInputConfig AdcInput(string key)
        {
            for (int i = 0; i < Adc.Length; i++)
            {
                if (Adc[i].Key == key)
                {
                    return Adc[i];
                }
            }

            return null;
        }
    }
}
