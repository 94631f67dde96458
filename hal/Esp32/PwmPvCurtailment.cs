using System;
using EdgeController.Core.Config;
using EdgeController.Core.Control;
using nanoFramework.Hardware.Esp32;

namespace EdgeController.Hal.Esp32
{
    /// <summary>
    /// The PV controller's output limit through its analog limit input, driven from a PWM pin
    /// through an RC filter: the duty is the limit over the controller's rating, full scale for
    /// no limit (<see cref="SetpointDuty.ForPvLimit"/>). It starts at full scale, no limit, so
    /// that until the first tick the PV charges as it would without the controller.
    /// </summary>
    public sealed class PwmPvCurtailment : IPvCurtailment, IDisposable
    {
        private readonly PwmSetpoint _setpoint;

        /// <summary>Opens the limit, unlimited.</summary>
        /// <param name="config">The PWM pin, and the PV controller's rated output (full scale of the input).</param>
        /// <param name="function">Its PWM function (one per pin).</param>
        /// <param name="frequencyHertz">The PWM frequency.</param>
        public PwmPvCurtailment(PwmSetpointConfig config, DeviceFunction function, int frequencyHertz)
        {
            _setpoint = new PwmSetpoint(config, function, frequencyHertz, SetpointDuty.FullScale);
        }

        /// <inheritdoc />
        public bool SetLimitMilliwatts(int limitMilliwatts)
        {
            return _setpoint.TryWrite(SetpointDuty.ForPvLimit(limitMilliwatts, _setpoint.RatedMilliwatts));
        }

        /// <inheritdoc />
        public void Dispose()
        {
            _setpoint.Dispose();
        }
    }
}
