using System;
using System.Device.Gpio;

namespace EdgeController.Hal.Esp32
{
    /// <summary>
    /// The board's switched outputs (charge enable, load enable, the battery contactor) through System.Device.Gpio.
    /// Constructed only from a config the loader accepted (the composition root passes its outputs as arrays); every output starts off. Pins are
    /// written through GpioController.Write(int, PinValue) (nanoframework/System.Device.Gpio,
    /// System.Device.Gpio/GpioController.cs), PinValue being a struct with static High/Low there.
    /// </summary>
    public sealed class DigitalOutputs : IDisposable
    {
        private readonly GpioController _controller;
        private readonly string[] _keys;
        private readonly int[] _gpios;
        private readonly bool[] _activeHigh;

        /// <summary>
        /// Opens every output as a push-pull output, off: output i has keys[i], drives gpios[i],
        /// and is on at a high level when activeHigh[i] (the board config's outputs section).
        /// </summary>
        /// <exception cref="ArgumentException">The three arrays differ in length.</exception>
        public DigitalOutputs(string[] keys, int[] gpios, bool[] activeHigh)
        {
            if (keys.Length != gpios.Length || keys.Length != activeHigh.Length)
            {
                throw new ArgumentException("one key, GPIO and level per output");
            }

            _controller = new GpioController();
            _keys = keys;
            _gpios = gpios;
            _activeHigh = activeHigh;
            for (int i = 0; i < gpios.Length; i++)
            {
                _controller.OpenPin(gpios[i], PinMode.Output);
            }

            AllOff();
        }

        /// <summary>True when the board has an output with this key.</summary>
        public bool Has(string key)
        {
            return IndexOf(key) >= 0;
        }

        /// <summary>Switches the output with this key; false when there is none.</summary>
        public bool Set(string key, bool on)
        {
            int index = IndexOf(key);
            if (index < 0)
            {
                return false;
            }

            _controller.Write(_gpios[index], on == _activeHigh[index] ? PinValue.High : PinValue.Low);
            return true;
        }

        /// <summary>Switches every output off.</summary>
        public void AllOff()
        {
            for (int i = 0; i < _gpios.Length; i++)
            {
                _controller.Write(_gpios[i], _activeHigh[i] ? PinValue.Low : PinValue.High);
            }
        }

        /// <inheritdoc />
        public void Dispose()
        {
            AllOff();
            _controller.Dispose();
        }

        private int IndexOf(string key)
        {
            for (int i = 0; i < _keys.Length; i++)
            {
                if (_keys[i] == key)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
