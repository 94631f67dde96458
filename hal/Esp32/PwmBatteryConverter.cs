using System;
using EdgeController.Core.Config;
using EdgeController.Core.Control;
using nanoFramework.Hardware.Esp32;

namespace EdgeController.Hal.Esp32
{
    /// <summary>
    /// A battery converter with an analog ± power setpoint input with a live zero, driven from a
    /// PWM pin through an RC filter: 60 % is idle, 20 % the full rated charge, full scale the full
    /// rated discharge, and below 20 % no command (<see cref="SetpointDuty.ForBatteryPower"/>).
    /// It starts at idle. A pin that is not driven (reset, boot, a stopped channel) reads 0 V,
    /// below the live zero: the converter, set to idle on a lost setpoint, does nothing, and
    /// the contactor (open from reset) stands behind it (docs/wiring-esp32-devkitc.md).
    /// </summary>
    public sealed class PwmBatteryConverter : IBatteryConverter, IDisposable
    {
        private readonly PwmSetpoint _setpoint;

        /// <summary>Opens the setpoint, idle.</summary>
        /// <param name="config">The PWM pin, and the power at either end of the input's range.</param>
        /// <param name="function">Its PWM function (one per pin).</param>
        /// <param name="frequencyHertz">The PWM frequency.</param>
        public PwmBatteryConverter(PwmSetpointConfig config, DeviceFunction function, int frequencyHertz)
        {
            _setpoint = new PwmSetpoint(config, function, frequencyHertz, SetpointDuty.ConverterIdle);
        }

        /// <inheritdoc />
        public bool SetPowerMilliwatts(int powerMilliwatts)
        {
            return _setpoint.TryWrite(SetpointDuty.ForBatteryPower(powerMilliwatts, _setpoint.RatedMilliwatts));
        }

        /// <summary>Commands idle, then releases the pin (see the class remarks on an undriven pin).</summary>
        public void Dispose()
        {
            _setpoint.TryWrite(SetpointDuty.ConverterIdle);
            _setpoint.Dispose();
        }
    }
}
