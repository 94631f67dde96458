using System;
using nanoFramework.Hardware.Esp32;

namespace EdgeController.Hal.Esp32
{
    /// <summary>
    /// The power stage's two setpoint outputs on the ESP32: the battery converter's on PWM1 and
    /// the PV limit on PWM2. Two functions because each names its own LEDC channel; neighbouring
    /// channels share a timer and so a frequency (nanoframework/Samples,
    /// samples/PWM/System.Device.Pwm/README.md @3d6713c), which is why there is one frequency for
    /// both. The safe duties (converter idle, PV unlimited) are Core's SetpointDuty constants,
    /// passed in by the composition root.
    /// </summary>
    public sealed class PwmPowerStage : IDisposable
    {
        /// <summary>Opens both outputs at their safe duties; releases the first if the second fails.</summary>
        public PwmPowerStage(int converterGpio, int converterSafeDutyPerTenThousand, int pvLimitGpio, int pvLimitSafeDutyPerTenThousand,
            int frequencyHertz)
        {
            ConverterSetpoint = new PwmDutyOutput(converterGpio, DeviceFunction.PWM1, frequencyHertz, converterSafeDutyPerTenThousand);
            try
            {
                PvLimitSetpoint = new PwmDutyOutput(pvLimitGpio, DeviceFunction.PWM2, frequencyHertz, pvLimitSafeDutyPerTenThousand);
            }
            catch (Exception)
            {
                ConverterSetpoint.Dispose();
                throw;
            }
        }

        /// <summary>The battery converter's setpoint input.</summary>
        public PwmDutyOutput ConverterSetpoint { get; private set; }

        /// <summary>The PV controller's limit input.</summary>
        public PwmDutyOutput PvLimitSetpoint { get; private set; }

        /// <inheritdoc />
        public void Dispose()
        {
            ConverterSetpoint.Dispose();
            PvLimitSetpoint.Dispose();
        }
    }
}
