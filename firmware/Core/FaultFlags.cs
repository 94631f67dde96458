namespace EdgeController.Core
{
    /// <summary>
    /// Bits of the "flt" field of a reading. Bits 0..7 are the power channels in board order
    /// (set while that channel's last read failed); the rest are named below. Later versions
    /// add bits; a gateway must not treat an unknown bit as an error.
    /// </summary>
    public static class FaultFlags
    {
        /// <summary>Bit of power channel index (0..7): its sensor's last read failed.</summary>
        public static int PowerChannel(int index)
        {
            return 1 << index;
        }

        /// <summary>The battery voltage ADC channel's last read failed.</summary>
        public const int BatteryVoltageSensor = 1 << 8;

        /// <summary>The persisted meter state was damaged and restarted from zero at this boot.</summary>
        public const int MeterStateLost = 1 << 9;

        /// <summary>Readings were dropped because the outbox was full.</summary>
        public const int OutboxOverflow = 1 << 10;

        /// <summary>The stored settings were damaged and the device booted on factory defaults.</summary>
        public const int SettingsLost = 1 << 11;

        /// <summary>The device has no signing key: its messages cannot verify.</summary>
        public const int NotProvisioned = 1 << 12;

        /// <summary>A power actuator (battery converter, PV curtailment) did not take its last command.</summary>
        public const int ActuatorNotResponding = 1 << 13;

        /// <summary>
        /// The protection's faults (<see cref="Protection.ProtectionFaults"/>, 10 bits) are bits
        /// 16..25 of "flt": bit 16 + n is protection bit n.
        /// </summary>
        public const int ProtectionShift = 16;

        /// <summary>The "flt" bits of a protection fault mask.</summary>
        public static int Protection(int protectionFaults)
        {
            return protectionFaults << ProtectionShift;
        }
    }
}
