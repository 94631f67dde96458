using System;
using EdgeController.Core.Control;
using nanoFramework.Hardware.Esp32;

namespace EdgeController.Hal.Esp32
{
    /// <summary>
    /// A battery converter with an analog ± power setpoint input, driven from a PWM pin through
    /// an RC filter: half scale is idle, 0 the full rated charge, full scale the full rated
    /// discharge (<see cref="SetpointDuty.ForBatteryPower"/>). It starts at idle. A pin that is
    /// not driven (reset, boot, a stopped channel) reads as 0 V, which is full charge: the
    /// converter must run only while the contactor output is energised (docs/wiring-esp32-devkitc.md).
    /// </summary>
    public sealed class PwmBatteryConverter : IBatteryConverter, IDisposable
    {
        private readonly PwmSetpoint _setpoint;
        private readonly int _ratedMilliwatts;

        /// <summary>Opens the setpoint on gpio, idle.</summary>
        /// <param name="gpio">The PWM pin.</param>
        /// <param name="function">Its PWM function (one per pin).</param>
        /// <param name="frequencyHertz">The PWM frequency.</param>
        /// <param name="ratedWatts">The power at either end of the input's range, W (1..2,000,000, as the loader allows).</param>
        public PwmBatteryConverter(int gpio, DeviceFunction function, int frequencyHertz, int ratedWatts)
        {
            _ratedMilliwatts = ratedWatts * 1000;
            _setpoint = new PwmSetpoint(gpio, function, frequencyHertz, SetpointDuty.ConverterIdle);
        }

        /// <inheritdoc />
        public bool SetPowerMilliwatts(int powerMilliwatts)
        {
            return _setpoint.TryWrite(SetpointDuty.ForBatteryPower(powerMilliwatts, _ratedMilliwatts));
        }

        /// <summary>Commands idle, then releases the pin (see the class remarks on an undriven pin).</summary>
        public void Dispose()
        {
            _setpoint.TryWrite(SetpointDuty.ConverterIdle);
            _setpoint.Dispose();
        }
    }
}
