using EdgeController.Core.FixedPoint;
using EdgeController.Hal;

namespace EdgeController.Core.Metering
{
    /// <summary>
    /// A temperature read through an NTC thermistor on an ADC channel: the series resistor from
    /// the ADC's reference to the pin and the NTC from the pin to ground, so the reading is
    /// ratiometric and needs no voltage at all: R_ntc = R_series × counts / (max − counts). The
    /// beta model then gives T = B·T0 / (B + T0·ln(R/R0)), all in integers (ln in Q16.16).
    /// A pin at either rail is an open or shorted sensor: the read fails as
    /// <see cref="SensorStatus.Overflow"/>, never as a wild temperature.
    /// </summary>
    public sealed class NtcTemperatureInput
    {
        /// <summary>0 °C in deci-kelvin.</summary>
        public const int ZeroCelsiusDeciKelvin = 2732;

        /// <summary>
        /// Counts within this many per mille of either rail read as a wiring fault: a 10k NTC
        /// behind 10k is there below about −40 °C or above about 150 °C, outside any pack's range.
        /// </summary>
        public const int RailMarginPerMille = 10;

        private readonly IAdcChannel _channel;
        private readonly int _seriesOhms;
        private readonly int _nominalOhms;
        private readonly int _nominalDeciKelvin;
        private readonly int _betaKelvin;

        /// <param name="channel">The ADC channel.</param>
        /// <param name="seriesOhms">The resistor between the reference and the pin, Ω.</param>
        /// <param name="nominalOhms">The NTC's resistance at its nominal temperature (R0), Ω.</param>
        /// <param name="nominalDeciCelsius">Its nominal temperature (T0), 0.1 °C (usually 250).</param>
        /// <param name="betaKelvin">Its beta constant, K.</param>
        public NtcTemperatureInput(IAdcChannel channel, int seriesOhms, int nominalOhms, int nominalDeciCelsius, int betaKelvin)
        {
            if (seriesOhms <= 0 || nominalOhms <= 0 || betaKelvin <= 0)
            {
                throw new System.ArgumentOutOfRangeException("seriesOhms", "resistances and beta are positive");
            }

            _channel = channel;
            _seriesOhms = seriesOhms;
            _nominalOhms = nominalOhms;
            _nominalDeciKelvin = nominalDeciCelsius + ZeroCelsiusDeciKelvin;
            _betaKelvin = betaKelvin;
            LastStatus = SensorStatus.NotReady;
        }

        /// <summary>The last valid temperature, 0.1 °C.</summary>
        public int DeciCelsius { get; private set; }

        /// <summary>Outcome of the last sample.</summary>
        public SensorStatus LastStatus { get; private set; }

        /// <summary>Takes one sample and converts it; keeps the previous value on failure.</summary>
        public void Sample()
        {
            int rawCounts;
            SensorStatus status = _channel.Read(out rawCounts);
            if (status != SensorStatus.Ok)
            {
                LastStatus = status;
                return;
            }

            int maxCounts = _channel.MaxRawCounts;
            int marginCounts = maxCounts * RailMarginPerMille / 1000;
            if (rawCounts <= marginCounts || rawCounts >= maxCounts - marginCounts)
            {
                LastStatus = SensorStatus.Overflow;
                return;
            }

            // R / R0 = R_series × counts / ((max − counts) × R0), as one ratio of two longs.
            long numerator = (long)_seriesOhms * rawCounts;
            long denominator = (long)(maxCounts - rawCounts) * _nominalOhms;
            int lnQ16 = Logarithm.NaturalLogOfRatioQ16(numerator, denominator);

            // T = B·T0 / (B + T0·ln): in deci-kelvin, T = 10·B·T0 / (10·B + T0·ln), with ln in Q16.
            long betaDeci = 10L * _betaKelvin;
            long temperatureDeciKelvin = Saturating.DivideRounded(
                betaDeci * _nominalDeciKelvin * Q16.One,
                (betaDeci * Q16.One) + ((long)_nominalDeciKelvin * lnQ16));
            DeciCelsius = (int)temperatureDeciKelvin - ZeroCelsiusDeciKelvin;
            LastStatus = SensorStatus.Ok;
        }
    }
}
