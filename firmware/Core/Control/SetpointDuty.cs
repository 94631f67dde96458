namespace EdgeController.Core.Control
{
    /// <summary>
    /// The duty cycles of the power stage's PWM setpoints (an RC filter turns each into a level at
    /// the converter's or the PV controller's analog setpoint input), in parts per ten thousand.
    /// That is the resolution nanoFramework's PwmChannel keeps its duty in (nanoframework/
    /// System.Device.Pwm, System.Device.Pwm/PwmChannel.cs @7abc9d3: the duty is stored as an
    /// integer times 10000), so hal/Esp32's one conversion to the channel's double loses nothing.
    /// The mapping is integer math in Core so that the host tests it; hal/Esp32 only writes it.
    /// </summary>
    public static class SetpointDuty
    {
        /// <summary>A duty cycle of 100 %, parts per ten thousand.</summary>
        public const int FullScale = 10000;

        /// <summary>
        /// The converter's input has a live zero (like a 4-20 mA loop): commands use 20 %..100 %
        /// of the scale, and anything below 20 % (an undriven pin, a reset, a broken wire reads
        /// 0 V) is no command at all, which the converter must be set to treat as idle. So a pin
        /// the firmware does not drive never asks for charge or discharge.
        /// </summary>
        public const int ConverterLiveZero = FullScale / 5;

        /// <summary>The battery converter's idle: the middle of its live range (60 %).</summary>
        public const int ConverterIdle = ConverterLiveZero + ((FullScale - ConverterLiveZero) / 2);

        /// <summary>Duty from idle to the full rating either way, parts per ten thousand.</summary>
        public const int ConverterHalfSpan = FullScale - ConverterIdle;

        /// <summary>
        /// The duty for a battery power command, mW, positive = discharge: idle at 60 %, the live
        /// zero (20 %) = the full rated charge, full scale = the full rated discharge; beyond the
        /// rating it clamps. Rounds toward idle (truncation), so the converter is never asked for
        /// more than the command.
        /// </summary>
        public static int ForBatteryPower(int powerMilliwatts, int ratedMilliwatts)
        {
            CheckRating(ratedMilliwatts);
            long duty = ConverterIdle + ((long)powerMilliwatts * ConverterHalfSpan / ratedMilliwatts);
            return duty < ConverterLiveZero ? ConverterLiveZero : Clamp(duty);
        }

        /// <summary>
        /// The duty for a PV output limit, mW: the limit over the rating, 0 = off, full scale =
        /// the rating or more; int.MaxValue (no limit) is full scale. Rounds down, so the PV
        /// never gets more than the limit allows.
        /// </summary>
        public static int ForPvLimit(int limitMilliwatts, int ratedMilliwatts)
        {
            CheckRating(ratedMilliwatts);
            if (limitMilliwatts == int.MaxValue)
            {
                return FullScale;
            }

            return Clamp((long)limitMilliwatts * FullScale / ratedMilliwatts);
        }

        private static void CheckRating(int ratedMilliwatts)
        {
            if (ratedMilliwatts <= 0)
            {
                throw new System.ArgumentOutOfRangeException("ratedMilliwatts", "must be positive");
            }
        }

        private static int Clamp(long dutyPerTenThousand)
        {
            if (dutyPerTenThousand < 0)
            {
                return 0;
            }

            return dutyPerTenThousand > FullScale ? FullScale : (int)dutyPerTenThousand;
        }
    }
}
