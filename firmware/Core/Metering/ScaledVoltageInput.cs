using EdgeController.Core.FixedPoint;
using EdgeController.Hal;

namespace EdgeController.Core.Metering
{
    /// <summary>
    /// A voltage read through an ADC channel behind a resistor divider (the battery voltage):
    /// raw counts to pin millivolts by the converter's full scale, then times the divider ratio.
    /// </summary>
    public sealed class ScaledVoltageInput
    {
        private readonly IAdcChannel _channel;
        private readonly int _fullScaleMillivolts;
        private int _dividerRatioQ16;

        /// <param name="channel">The ADC channel.</param>
        /// <param name="fullScaleMillivolts">Pin voltage that reads as MaxRawCounts.</param>
        /// <param name="dividerRatioQ16">Input voltage over pin voltage, Q16.16 (for 100k over 10k: 11.0).</param>
        public ScaledVoltageInput(IAdcChannel channel, int fullScaleMillivolts, int dividerRatioQ16)
        {
            if (fullScaleMillivolts <= 0)
            {
                throw new System.ArgumentOutOfRangeException("fullScaleMillivolts");
            }

            if (dividerRatioQ16 < Q16.One)
            {
                throw new System.ArgumentOutOfRangeException("dividerRatioQ16", "a divider ratio is at least 1.0");
            }

            _channel = channel;
            _fullScaleMillivolts = fullScaleMillivolts;
            _dividerRatioQ16 = dividerRatioQ16;
            LastStatus = SensorStatus.NotReady;
        }

        /// <summary>Input voltage over pin voltage now applied, Q16.16 (changed by calibration).</summary>
        public int DividerRatioQ16
        {
            get
            {
                return _dividerRatioQ16;
            }

            set
            {
                if (value < Q16.One)
                {
                    throw new System.ArgumentOutOfRangeException("value", "a divider ratio is at least 1.0");
                }

                _dividerRatioQ16 = value;
            }
        }

        /// <summary>The last valid voltage at the ADC pin, mV (what a divider calibration divides by).</summary>
        public int PinMillivolts { get; private set; }

        /// <summary>The last valid voltage at the divider's input, mV.</summary>
        public int Millivolts { get; private set; }

        /// <summary>Outcome of the last sample.</summary>
        public SensorStatus LastStatus { get; private set; }

        /// <summary>Takes one sample and converts it; keeps the previous value on failure.</summary>
        public void Sample()
        {
            int rawCounts;
            SensorStatus status = _channel.Read(out rawCounts);
            LastStatus = status;
            if (status != SensorStatus.Ok)
            {
                return;
            }

            int pinMillivolts = Saturating.DivideRounded((long)rawCounts * _fullScaleMillivolts, _channel.MaxRawCounts);
            PinMillivolts = pinMillivolts;
            Millivolts = Q16.Scale(pinMillivolts, _dividerRatioQ16);
        }
    }
}
