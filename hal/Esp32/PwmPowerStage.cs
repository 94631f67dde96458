using System;
using EdgeController.Core.Config;
using nanoFramework.Hardware.Esp32;

namespace EdgeController.Hal.Esp32
{
    /// <summary>
    /// The board config's power stage on the ESP32: the battery converter's setpoint on PWM1 and
    /// the PV limit on PWM2. Two functions because each names its own LEDC channel; neighbouring
    /// channels share a timer and so a frequency (nanoframework/Samples,
    /// samples/PWM/System.Device.Pwm/README.md @3d6713c), which is why the config has one
    /// frequency for both.
    /// </summary>
    public sealed class PwmPowerStage : IDisposable
    {
        /// <summary>Opens both setpoints (converter idle, PV unlimited); releases the first if the second fails.</summary>
        public PwmPowerStage(PowerStageConfig config)
        {
            Converter = new PwmBatteryConverter(config.BatteryConverter, DeviceFunction.PWM1, config.PwmFrequencyHertz);
            try
            {
                PvCurtailment = new PwmPvCurtailment(config.PvLimit, DeviceFunction.PWM2, config.PwmFrequencyHertz);
            }
            catch (Exception)
            {
                Converter.Dispose();
                throw;
            }
        }

        /// <summary>The battery converter's setpoint.</summary>
        public PwmBatteryConverter Converter { get; private set; }

        /// <summary>The PV controller's limit.</summary>
        public PwmPvCurtailment PvCurtailment { get; private set; }

        /// <inheritdoc />
        public void Dispose()
        {
            Converter.Dispose();
            PvCurtailment.Dispose();
        }
    }
}
