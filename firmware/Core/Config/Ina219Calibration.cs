namespace EdgeController.Core.Config
{
    /// <summary>
    /// INA219 calibration in integers, from the shunt and the largest current to resolve
    /// (TI INA219 datasheet SBOS448, 8.5.1 "Programming the Calibration Register"):
    /// Current_LSB = I_max / 2^15 (equation 2), Cal = trunc(0.04096 / (Current_LSB x R_shunt))
    /// (equation 5). With Current_LSB in microamps and R_shunt in milliohms the constant
    /// 0.04096 becomes 40 960 000.
    /// </summary>
    public static class Ina219Calibration
    {
        /// <summary>Steps of the signed 16-bit current register (2^15).</summary>
        public const int CurrentRegisterSteps = 32768;

        /// <summary>0.04096 (datasheet equation 5) scaled for microamps times milliohms.</summary>
        public const long CalibrationScale = 40960000;

        /// <summary>The largest value the calibration register holds (bit 0 is unused, datasheet Figure 27).</summary>
        public const int MaxCalibrationValue = 65534;

        /// <summary>The shunt voltage ranges of the PGA (datasheet Table 4), mV.</summary>
        public static readonly int[] PgaRangesMillivolts = new int[] { 40, 80, 160, 320 };

        /// <summary>Current per bit of the current register, µA, rounded up so that maxCurrent still fits.</summary>
        public static int CurrentLsbMicroamps(int maxCurrentMilliamps)
        {
            long microamps = (long)maxCurrentMilliamps * 1000;
            return (int)((microamps + CurrentRegisterSteps - 1) / CurrentRegisterSteps);
        }

        /// <summary>The calibration register value, bit 0 cleared; 0 when the inputs are not positive.</summary>
        public static int CalibrationValue(int shuntMilliohms, int maxCurrentMilliamps)
        {
            int lsbMicroamps = CurrentLsbMicroamps(maxCurrentMilliamps);
            if (shuntMilliohms <= 0 || lsbMicroamps <= 0)
            {
                return 0;
            }

            long value = CalibrationScale / ((long)lsbMicroamps * shuntMilliohms);
            return value > MaxCalibrationValue ? int.MaxValue : (int)(value & ~1L);
        }

        /// <summary>The shunt voltage at maxCurrent, µV (mΩ times mA).</summary>
        public static long FullScaleShuntMicrovolts(int shuntMilliohms, int maxCurrentMilliamps)
        {
            return (long)shuntMilliohms * maxCurrentMilliamps;
        }

        /// <summary>The smallest PGA range that holds the full-scale shunt voltage, mV; -1 when none does.</summary>
        public static int PgaRangeMillivolts(int shuntMilliohms, int maxCurrentMilliamps)
        {
            long microvolts = FullScaleShuntMicrovolts(shuntMilliohms, maxCurrentMilliamps);
            for (int i = 0; i < PgaRangesMillivolts.Length; i++)
            {
                if (microvolts <= (long)PgaRangesMillivolts[i] * 1000)
                {
                    return PgaRangesMillivolts[i];
                }
            }

            return -1;
        }
    }
}
