namespace EdgeController.Core.Protection
{
    /// <summary>
    /// Bits of the protection fault mask. A set bit is a fault that is active (the condition
    /// holds) or latched (the condition is gone but a technician has not cleared it).
    /// </summary>
    public static class ProtectionFaults
    {
        /// <summary>No fault.</summary>
        public const int None = 0;

        /// <summary>Pack voltage above the charge limit: charging stops.</summary>
        public const int OverVoltage = 1 << 0;

        /// <summary>Pack voltage below the discharge limit: discharging stops.</summary>
        public const int UnderVoltage = 1 << 1;

        /// <summary>Charge current above its limit: the contactor opens; latched.</summary>
        public const int OverCurrentCharge = 1 << 2;

        /// <summary>Discharge current above its limit: the contactor opens; latched.</summary>
        public const int OverCurrentDischarge = 1 << 3;

        /// <summary>Pack temperature above its limit: the contactor opens.</summary>
        public const int OverTemperature = 1 << 4;

        /// <summary>Pack temperature below the charge limit: charging stops (lithium plating).</summary>
        public const int UnderTemperatureCharge = 1 << 5;

        /// <summary>Pack temperature below the discharge limit: the contactor opens.</summary>
        public const int UnderTemperatureDischarge = 1 << 6;

        /// <summary>Voltage, current or temperature unreadable for too many ticks: the contactor opens; latched.</summary>
        public const int SensorLoss = 1 << 7;

        /// <summary>Pack voltage above the hard limit (a charger that does not stop): the contactor opens; latched.</summary>
        public const int OverVoltageHard = 1 << 8;

        /// <summary>
        /// Current kept flowing in a direction the protection had blocked (a charger or load that
        /// does not obey): the contactor opens; latched.
        /// </summary>
        public const int UncontrolledCurrent = 1 << 9;

        /// <summary>Faults that stop charging.</summary>
        public const int BlockCharge = OverVoltage | UnderTemperatureCharge;

        /// <summary>Faults that stop discharging.</summary>
        public const int BlockDischarge = UnderVoltage;

        /// <summary>Faults that open the contactor (no current either way): the safe state.</summary>
        public const int OpenContactor = OverCurrentCharge | OverCurrentDischarge | OverTemperature
            | UnderTemperatureDischarge | SensorLoss | OverVoltageHard | UncontrolledCurrent;

        /// <summary>Faults that stay until a technician clears them, even when the condition is gone.</summary>
        public const int Latching = OverCurrentCharge | OverCurrentDischarge | SensorLoss | OverVoltageHard | UncontrolledCurrent;

        /// <summary>The console's and the events' name of one fault bit ("bit_N", N its number 0..31, for one not defined here).</summary>
        public static string NameOf(int bit)
        {
            switch (bit)
            {
                case OverVoltage: return "over_voltage";
                case UnderVoltage: return "under_voltage";
                case OverCurrentCharge: return "over_current_charge";
                case OverCurrentDischarge: return "over_current_discharge";
                case OverTemperature: return "over_temperature";
                case UnderTemperatureCharge: return "under_temperature_charge";
                case UnderTemperatureDischarge: return "under_temperature_discharge";
                case SensorLoss: return "sensor_loss";
                case OverVoltageHard: return "over_voltage_hard";
                case UncontrolledCurrent: return "uncontrolled_current";
                default: return "bit_" + BitNumber(bit).ToString();
            }
        }

        /// <summary>The number of the highest set bit (31 for the sign bit), as the console's "flt" bits are numbered.</summary>
        private static int BitNumber(int bit)
        {
            uint rest = (uint)bit;
            int number = 0;
            while (rest > 1)
            {
                rest >>= 1;
                number++;
            }

            return number;
        }
    }
}
