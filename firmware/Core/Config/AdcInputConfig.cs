namespace EdgeController.Core.Config
{
    /// <summary>One analog input: a voltage behind a divider, or an NTC thermistor against a series resistor.</summary>
    public sealed class AdcInputConfig
    {
        /// <summary>Kind of a divider input.</summary>
        public const string KindDivider = "divider";

        /// <summary>Kind of a thermistor input.</summary>
        public const string KindNtc = "ntc";

        /// <summary>The input's key ("vbat", "temp").</summary>
        public string Key { get; set; }

        /// <summary><see cref="KindDivider"/> or <see cref="KindNtc"/>.</summary>
        public string Kind { get; set; }

        /// <summary>nanoFramework ADC channel number: 0..7 only (the ESP32's ADC1).</summary>
        public int Channel { get; set; }

        /// <summary>The GPIO behind that channel (for wiring and pin-conflict checks).</summary>
        public int Gpio { get; set; }

        /// <summary>Pin voltage that reads as the converter's maximum, mV.</summary>
        public int FullScaleMillivolts { get; set; }

        /// <summary>Divider: top plus bottom resistor, ohms.</summary>
        public int DividerTotalOhms { get; set; }

        /// <summary>Divider: bottom resistor (pin to ground), ohms.</summary>
        public int DividerBottomOhms { get; set; }

        /// <summary>NTC: the fixed resistor from the supply to the pin, ohms.</summary>
        public int SeriesOhms { get; set; }

        /// <summary>NTC: resistance at the nominal temperature, ohms.</summary>
        public int NtcNominalOhms { get; set; }

        /// <summary>NTC: the nominal temperature, deci-degrees Celsius (250 = 25.0 °C).</summary>
        public int NtcNominalDeciCelsius { get; set; }

        /// <summary>NTC: its B constant, kelvin.</summary>
        public int NtcBetaKelvin { get; set; }
    }
}
