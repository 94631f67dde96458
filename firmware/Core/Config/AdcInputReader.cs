namespace EdgeController.Core.Config
{
    /// <summary>Reads and checks one entry of a board config's "adc" array.</summary>
    internal static class AdcInputReader
    {
        /// <summary>The key of the battery voltage input, which every board has.</summary>
        internal const string BatteryVoltageKey = "vbat";

        /// <summary>
        /// nanoFramework numbers the ESP32's ADC1 channels 0..7; 8 and 9 are internal sensors and
        /// 10..19 are ADC2 (nanoframework/nanoFramework.Hardware.Esp32, DeviceTypePins.cs, ADC1_CH*).
        /// ADC2 cannot be read while the Wi-Fi driver runs, so only ADC1 is allowed.
        /// </summary>
        internal const int MaxAdc1Channel = 7;

        /// <summary>
        /// The GPIO of each ESP32 ADC1 channel 0..7 (Espressif ESP32 datasheet, 4.1.2 Analog-to-Digital
        /// Converter / the IO_MUX pin list: SENSOR_VP=GPIO36 is ADC1_CH0 ... GPIO35 is ADC1_CH7).
        /// Not checked for the ESP32-S3, whose nanoFramework channel numbering was not confirmed.
        /// </summary>
        private static readonly int[] s_esp32Adc1Gpios = new int[] { 36, 37, 38, 39, 32, 33, 34, 35 };

        internal static AdcInputConfig Read(ConfigSection item, PinPlan pins, string[] kinds, string platform)
        {
            AdcInputConfig input = new AdcInputConfig();
            input.Channel = -1;
            string kind = item.ReadChoice("kind", kinds);
            input.Kind = kind;
            if (kind == AdcInputConfig.KindNtc)
            {
                item.RejectUnknownKeys(new string[]
                {
                    "key", "kind", "channel", "gpio", "fullScaleMillivolts", "seriesOhms", "ntcNominalOhms", "ntcNominalDeciCelsius",
                    "ntcBetaKelvin",
                });
            }
            else
            {
                item.RejectUnknownKeys(new string[]
                {
                    "key", "kind", "channel", "gpio", "fullScaleMillivolts", "dividerTotalOhms", "dividerBottomOhms",
                });
            }

            input.Key = item.ReadId("key", 16);
            input.Channel = ReadChannel(item);
            input.Gpio = item.ReadPin("gpio");
            pins.Claim(item.Errors, item.FieldPath("gpio"), input.Gpio, false);
            if (platform == "esp32" && input.Channel >= 0 && input.Gpio >= 0 && s_esp32Adc1Gpios[input.Channel] != input.Gpio)
            {
                item.Fail("gpio", "ADC1 channel " + input.Channel.ToString() + " is GPIO " + s_esp32Adc1Gpios[input.Channel].ToString()
                    + " on the ESP32, not GPIO " + input.Gpio.ToString());
            }
            input.FullScaleMillivolts = item.ReadInt("fullScaleMillivolts", 100, 5000);
            if (kind == AdcInputConfig.KindNtc)
            {
                input.SeriesOhms = item.ReadInt("seriesOhms", 100, 10000000);
                input.NtcNominalOhms = item.ReadInt("ntcNominalOhms", 100, 10000000);
                input.NtcNominalDeciCelsius = item.ReadInt("ntcNominalDeciCelsius", -400, 1500);
                input.NtcBetaKelvin = item.ReadInt("ntcBetaKelvin", 1000, 10000);
            }
            else if (kind == AdcInputConfig.KindDivider)
            {
                input.DividerTotalOhms = item.ReadInt("dividerTotalOhms", 1, 100000000);
                input.DividerBottomOhms = item.ReadInt("dividerBottomOhms", 1, 100000000);
                if (item.Has("dividerTotalOhms") && item.Has("dividerBottomOhms") && input.DividerBottomOhms > input.DividerTotalOhms)
                {
                    item.Fail("dividerBottomOhms", "cannot exceed dividerTotalOhms (top plus bottom resistor)");
                }
            }

            return input;
        }

        private static int ReadChannel(ConfigSection item)
        {
            if (!item.Has("channel"))
            {
                item.Fail("channel", "missing (an ADC1 channel 0.." + MaxAdc1Channel.ToString() + ")");
                return -1;
            }

            int channel = item.ReadInt("channel", 0, 19);
            if (channel > MaxAdc1Channel)
            {
                item.Fail("channel", "must be an ADC1 channel 0.." + MaxAdc1Channel.ToString()
                    + ": 8 and 9 are internal sensors and ADC2 (10..19) cannot be read while Wi-Fi is on");
                return -1;
            }

            return channel;
        }
    }
}
