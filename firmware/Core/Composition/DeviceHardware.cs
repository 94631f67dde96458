using EdgeController.Hal;

namespace EdgeController.Core.Composition
{
    /// <summary>
    /// What a host hands the composition root: the hardware and platform services, each behind a
    /// hal interface, already opened from the board config (pins routed, buses opened). The ESP32
    /// app fills it with hal/Esp32, the simulator with hal/Simulation; the root builds everything
    /// else, so both run the same wiring. An optional part left null is a feature the board or
    /// the host does not have (no console port, a link that cannot reconnect or receive).
    /// </summary>
    public sealed class DeviceHardware
    {
        /// <summary>The power sensors, one per ina219 entry of the board config, in its order.</summary>
        public IPowerSensor[] PowerSensors { get; set; }

        /// <summary>The battery voltage input (adc entry "vbat").</summary>
        public IAdcChannel BatteryVoltageAdc { get; set; }

        /// <summary>The pack NTC (adc entry "temp"), or null when the board has none.</summary>
        public IAdcChannel TemperatureAdc { get; set; }

        /// <summary>The battery converter's power command, or null on a board that only meters.</summary>
        public IBatteryConverter BatteryConverter { get; set; }

        /// <summary>
        /// The battery converter's analog setpoint (a filtered PWM duty) when the host has no
        /// <see cref="BatteryConverter"/>: the root drives it through Core's live-zero mapping at
        /// the power stage's rated power.
        /// </summary>
        public IDutyCycleOutput BatteryConverterSetpoint { get; set; }

        /// <summary>The PV limit's analog setpoint when the host has no <see cref="PvCurtailment"/>.</summary>
        public IDutyCycleOutput PvLimitSetpoint { get; set; }

        /// <summary>The PV output limit, or null on a board that only meters.</summary>
        public IPvCurtailment PvCurtailment { get; set; }

        /// <summary>The battery contactor, or null on a board that only meters.</summary>
        public ISwitchOutput Contactor { get; set; }

        /// <summary>
        /// Why the host could not open the power stage (a PWM pin it cannot drive), or null. The
        /// device then meters and publishes only, and the console says why.
        /// </summary>
        public string PowerStageFault { get; set; }

        /// <summary>The device's flash: settings, meter state, outbox, battery state, boot journal.</summary>
        public INonVolatileStore Flash { get; set; }

        /// <summary>Opens the MQTT link with the session the root derives from the settings.</summary>
        public IMqttLinkFactory Links { get; set; }

        /// <summary>The field console's serial port, or null for none.</summary>
        public IConsolePort ConsolePort { get; set; }

        /// <summary>Uptime and wall-clock time.</summary>
        public IClock Clock { get; set; }

        /// <summary>Jitter for the reconnect back-off.</summary>
        public IRandomSource Random { get; set; }

        /// <summary>The hardware reset, called outside every lock once the console's reply is out.</summary>
        public IRebootHook Reset { get; set; }

        /// <summary>The platform's HMAC signers.</summary>
        public IMessageSignerFactory Signers { get; set; }
    }
}
