using System;
using System.Device.Pwm;
using nanoFramework.Hardware.Esp32;

namespace EdgeController.Hal.Esp32
{
    /// <summary>
    /// One GPIO driving an analog setpoint input with PWM through an RC filter
    /// (docs/wiring-esp32-devkitc.md, "Power stage"), as an <see cref="IDutyCycleOutput"/>. What a
    /// duty means is Core's (Control/SetpointBatteryConverter.cs, SetpointPvCurtailment.cs); this
    /// class starts at a safe duty, returns to it before it lets the pin go, and is the one place
    /// the duty becomes the double nanoFramework's PwmChannel takes
    /// (nanoframework/System.Device.Pwm, System.Device.Pwm/PwmChannel.cs @7abc9d3: DutyCycle
    /// 0.0..1.0, kept natively as an integer times 10000). Multiplying by the constant 1/10000,
    /// rather than dividing by 10000, is what makes every duty 0..10000 come back as the same
    /// integer even under truncation (tests/EdgeController.Core.Tests/Control/SetpointDutyTests.cs
    /// checks all of them).
    /// </summary>
    public sealed class PwmDutyOutput : IDutyCycleOutput, IDisposable
    {
        private const int FullScale = 10000;
        private const double DutyCyclePerPart = 1.0 / FullScale;

        private readonly PwmChannel _channel;
        private readonly int _safeDutyPerTenThousand;

        /// <summary>Routes gpio to function, opens its channel at safeDutyPerTenThousand and starts it.</summary>
        /// <param name="gpio">The pin.</param>
        /// <param name="function">
        /// The PWM function the pin is routed to: one per pin (PWM1, PWM2, ...), because each
        /// names one LEDC channel; routing two pins to the same function would hand the second
        /// pin the first one's channel.
        /// </param>
        /// <param name="frequencyHertz">The PWM frequency.</param>
        /// <param name="safeDutyPerTenThousand">The duty from the first edge on, and again before the pin is released.</param>
        /// <exception cref="InvalidOperationException">The pin has no PWM channel.</exception>
        public PwmDutyOutput(int gpio, DeviceFunction function, int frequencyHertz, int safeDutyPerTenThousand)
        {
            _safeDutyPerTenThousand = safeDutyPerTenThousand;
            // On the ESP32 the LEDC output reaches a pin only through the GPIO matrix: route it
            // first, or CreateFromPin finds no channel (nanoframework/Samples,
            // samples/PWM/System.Device.Pwm/README.md @3d6713c, "ESP32 case").
            Configuration.SetPinFunction(gpio, function);
            _channel = PwmChannel.CreateFromPin(gpio, frequencyHertz, safeDutyPerTenThousand * DutyCyclePerPart);
            if (_channel == null)
            {
                // CreateFromPin returns null instead of throwing when no channel serves the pin.
                throw new InvalidOperationException("GPIO " + gpio.ToString() + ": no PWM channel (pin not routed to PWM, or taken)");
            }

            _channel.Start();
        }

        /// <inheritdoc />
        public bool TrySetDutyPerTenThousand(int dutyPerTenThousand)
        {
            if (dutyPerTenThousand < 0 || dutyPerTenThousand > FullScale)
            {
                return false;
            }

            try
            {
                _channel.DutyCycle = dutyPerTenThousand * DutyCyclePerPart;
                return true;
            }
            catch (Exception)
            {
                // A native failure surfaces as an exception: the interface reports "not taken" with false.
                return false;
            }
        }

        /// <summary>Returns to the safe duty, then stops the channel and releases the pin.</summary>
        public void Dispose()
        {
            TrySetDutyPerTenThousand(_safeDutyPerTenThousand);
            _channel.Stop();
            _channel.Dispose();
        }
    }
}
