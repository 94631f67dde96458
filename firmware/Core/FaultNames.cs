using EdgeController.Core.Protection;

namespace EdgeController.Core
{
    /// <summary>
    /// The one spelling of each "flt" bit, shared by the console (`fault show`, `status`) and the
    /// gateway (web view, Home Assistant), so a fault reads the same on the cable and on a screen.
    /// </summary>
    public static class FaultNames
    {
        /// <summary>
        /// The name of one bit (0..30) of "flt". channelKey is the board's key of power channel
        /// bit (bits 0..7), or null when the caller does not know it ("channel_N" then).
        /// </summary>
        public static string NameOf(int bit, string channelKey)
        {
            if (bit < 8)
            {
                return channelKey != null ? "channel_" + channelKey : "channel_" + bit.ToString();
            }

            if (bit >= FaultFlags.ProtectionShift)
            {
                return "protection_" + ProtectionFaults.NameOf(1 << (bit - FaultFlags.ProtectionShift));
            }

            switch (1 << bit)
            {
                case FaultFlags.BatteryVoltageSensor: return "battery_sensor";
                case FaultFlags.MeterStateLost: return "meter_state_lost";
                case FaultFlags.OutboxOverflow: return "outbox_overflow";
                case FaultFlags.SettingsLost: return "settings_lost";
                case FaultFlags.NotProvisioned: return "not_provisioned";
                case FaultFlags.ActuatorNotResponding: return "actuator_not_responding";
                default: return "bit_" + bit.ToString();
            }
        }
    }
}
