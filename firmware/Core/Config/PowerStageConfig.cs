namespace EdgeController.Core.Config
{
    /// <summary>
    /// The board's power stage as the firmware drives it: the battery converter's and the PV
    /// controller's setpoint inputs, each fed from a PWM pin through an RC filter
    /// (docs/wiring-esp32-devkitc.md, "Power stage"). Optional in a board config; a board
    /// without it meters and protects but runs no energy control
    /// (<see cref="Control.EnergyControlBuilder.MissingForControl"/> says so).
    /// </summary>
    public sealed class PowerStageConfig
    {
        /// <summary>
        /// The PWM frequency of both setpoints, Hz. One value for both: on the ESP32 the PWM
        /// channels come in pairs sharing a timer, hence a frequency.
        /// </summary>
        public int PwmFrequencyHertz { get; set; }

        /// <summary>The battery converter's ± power setpoint.</summary>
        public PwmSetpointConfig BatteryConverter { get; set; }

        /// <summary>The PV controller's output limit.</summary>
        public PwmSetpointConfig PvLimit { get; set; }
    }
}
