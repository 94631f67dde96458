using System;
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
        private readonly int _ratedMilliwatts;

        /// <summary>Opens the limit on gpio, unlimited.</summary>
        /// <param name="gpio">The PWM pin.</param>
        /// <param name="function">Its PWM function (one per pin).</param>
        /// <param name="frequencyHertz">The PWM frequency.</param>
        /// <param name="ratedWatts">The PV controller's rated output, W: full scale of the input.</param>
        public PwmPvCurtailment(int gpio, DeviceFunction function, int frequencyHertz, int ratedWatts)
        {
            _ratedMilliwatts = ratedWatts * 1000;
            _setpoint = new PwmSetpoint(gpio, function, frequencyHertz, SetpointDuty.FullScale);
        }

        /// <inheritdoc />
        public bool SetLimitMilliwatts(int limitMilliwatts)
        {
            return _setpoint.TryWrite(SetpointDuty.ForPvLimit(limitMilliwatts, _ratedMilliwatts));
        }

        /// <inheritdoc />
        public void Dispose()
        {
            _setpoint.Dispose();
        }
    }
}
