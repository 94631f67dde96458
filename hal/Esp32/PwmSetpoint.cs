using System;
using System.Device.Pwm;
using EdgeController.Core.Config;
using EdgeController.Core.Control;
using nanoFramework.Hardware.Esp32;

namespace EdgeController.Hal.Esp32
{
    /// <summary>
    /// One GPIO driving an analog setpoint input with PWM through an RC filter
    /// (docs/wiring-esp32-devkitc.md, "Power stage"), with the power its full scale stands for,
    /// and the duty in parts per ten thousand as Core's <see cref="SetpointDuty"/> computes it.
    /// This is the one place the duty becomes the
    /// double nanoFramework's PwmChannel takes (nanoframework/System.Device.Pwm,
    /// System.Device.Pwm/PwmChannel.cs @7abc9d3: DutyCycle 0.0..1.0, kept natively as an
    /// integer times 10000). Multiplying by the constant 1/10000, rather than dividing by 10000,
    /// is what makes every duty 0..10000 come back as the same integer even under truncation
    /// (tests/EdgeController.Core.Tests/Control/SetpointDutyTests.cs checks all of them).
    /// </summary>
    internal sealed class PwmSetpoint : IDisposable
    {
        private const double DutyCyclePerPart = 1.0 / SetpointDuty.FullScale;

        private readonly PwmChannel _channel;

        /// <summary>Routes the config's pin to function, opens its channel at initialDutyPerTenThousand and starts it.</summary>
        /// <param name="config">The pin and the rating (1..2,000,000 W, as the loader allows).</param>
        /// <param name="function">
        /// The PWM function the pin is routed to: one per pin (PWM1, PWM2, ...), because each
        /// names one LEDC channel; routing two pins to the same function would hand the second
        /// pin the first one's channel.
        /// </param>
        /// <param name="frequencyHertz">The PWM frequency.</param>
        /// <param name="initialDutyPerTenThousand">The duty from the first edge on.</param>
        /// <exception cref="InvalidOperationException">The pin has no PWM channel.</exception>
        internal PwmSetpoint(PwmSetpointConfig config, DeviceFunction function, int frequencyHertz, int initialDutyPerTenThousand)
        {
            int gpio = config.PwmGpio;
            RatedMilliwatts = config.RatedWatts * 1000;
            // On the ESP32 the LEDC output reaches a pin only through the GPIO matrix: route it
            // first, or CreateFromPin finds no channel (nanoframework/Samples,
            // samples/PWM/System.Device.Pwm/README.md @3d6713c, "ESP32 case").
            Configuration.SetPinFunction(gpio, function);
            _channel = PwmChannel.CreateFromPin(gpio, frequencyHertz, initialDutyPerTenThousand * DutyCyclePerPart);
            if (_channel == null)
            {
                // CreateFromPin returns null instead of throwing when no channel serves the pin.
                throw new InvalidOperationException("GPIO " + gpio.ToString() + ": no PWM channel (pin not routed to PWM, or taken)");
            }

            _channel.Start();
        }

        /// <summary>The power at full scale of the input, mW.</summary>
        internal int RatedMilliwatts { get; private set; }

        /// <summary>Sets the duty; false when the channel refused it (it keeps the previous one).</summary>
        internal bool TryWrite(int dutyPerTenThousand)
        {
            try
            {
                _channel.DutyCycle = dutyPerTenThousand * DutyCyclePerPart;
                return true;
            }
            catch (Exception)
            {
                // The setter throws outside 0.0..1.0 and a native failure surfaces the same way:
                // the caller's interface reports "not taken" with false, not with an exception.
                return false;
            }
        }

        /// <inheritdoc />
        public void Dispose()
        {
            _channel.Stop();
            _channel.Dispose();
        }
    }
}
