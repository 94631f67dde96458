using EdgeController.Core.FixedPoint;
using EdgeController.Hal;

namespace EdgeController.Core.Metering
{
    /// <summary>
    /// Applies a channel's calibration to its sensor's current: the driver converts the shunt
    /// voltage with the board's nominal shunt, so a measured shunt R scales the current by
    /// nominal / R, and a gain found against a reference meter scales it once more. Both fold into
    /// one Q16.16 factor, applied with rounding to nearest. The raw (uncalibrated) current of the
    /// last read stays available for calibrating against a reference.
    /// </summary>
    public sealed class CalibratedPowerSensor : IPowerSensor
    {
        private const long PartsPerMillion = 1000000;

        private readonly IPowerSensor _sensor;
        private readonly int _nominalShuntMicroohms;
        private int _factorQ16 = Q16.One;

        /// <summary>Wraps sensor, whose driver assumes a shunt of nominalShuntMicroohms.</summary>
        public CalibratedPowerSensor(IPowerSensor sensor, int nominalShuntMicroohms)
        {
            if (nominalShuntMicroohms <= 0)
            {
                throw new System.ArgumentOutOfRangeException("nominalShuntMicroohms");
            }

            _sensor = sensor;
            _nominalShuntMicroohms = nominalShuntMicroohms;
            ShuntMicroohms = nominalShuntMicroohms;
            GainPartsPerMillion = (int)PartsPerMillion;
        }

        /// <summary>The shunt the board was designed with, µΩ.</summary>
        public int NominalShuntMicroohms
        {
            get { return _nominalShuntMicroohms; }
        }

        /// <summary>The shunt now assumed, µΩ.</summary>
        public int ShuntMicroohms { get; private set; }

        /// <summary>The current gain now applied, ppm.</summary>
        public int GainPartsPerMillion { get; private set; }

        /// <summary>The current of the last good read before calibration, mA.</summary>
        public int RawCurrentMilliamps { get; private set; }

        /// <summary>The combined correction, Q16.16.</summary>
        public int FactorQ16
        {
            get { return _factorQ16; }
        }

        /// <summary>Sets the calibration; shuntMicroohms 0 means the nominal shunt.</summary>
        public void Calibrate(int shuntMicroohms, int gainPartsPerMillion)
        {
            if (shuntMicroohms < 0 || gainPartsPerMillion <= 0)
            {
                throw new System.ArgumentOutOfRangeException("shuntMicroohms");
            }

            ShuntMicroohms = shuntMicroohms == 0 ? _nominalShuntMicroohms : shuntMicroohms;
            GainPartsPerMillion = gainPartsPerMillion;
            _factorQ16 = Q16.FromRatio(
                (long)_nominalShuntMicroohms * gainPartsPerMillion, (long)ShuntMicroohms * PartsPerMillion);
        }

        /// <inheritdoc />
        public SensorStatus Read(out int busMillivolts, out int currentMilliamps)
        {
            SensorStatus status = _sensor.Read(out busMillivolts, out currentMilliamps);
            if (status == SensorStatus.Ok)
            {
                RawCurrentMilliamps = currentMilliamps;
                currentMilliamps = Q16.Scale(currentMilliamps, _factorQ16);
            }

            return status;
        }
    }
}
