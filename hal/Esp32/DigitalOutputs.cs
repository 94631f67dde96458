using System;
using System.Device.Gpio;
using EdgeController.Core.Config;

namespace EdgeController.Hal.Esp32
{
    /// <summary>
    /// The board's switched outputs (charge enable, load enable, the battery contactor) through System.Device.Gpio.
    /// Constructed only from a config the loader accepted; every output starts off. Pins are
    /// written through GpioController.Write(int, PinValue) (nanoframework/System.Device.Gpio,
    /// System.Device.Gpio/GpioController.cs), PinValue being a struct with static High/Low there.
    /// </summary>
    public sealed class DigitalOutputs : IDisposable
    {
        private readonly GpioController _controller;
        private readonly OutputConfig[] _outputs;

        /// <summary>Opens every configured output as a push-pull output, off.</summary>
        public DigitalOutputs(OutputConfig[] outputs)
        {
            _controller = new GpioController();
            _outputs = outputs;
            for (int i = 0; i < outputs.Length; i++)
            {
                _controller.OpenPin(outputs[i].Gpio, PinMode.Output);
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

            _controller.Write(_outputs[index].Gpio, on == _outputs[index].ActiveHigh ? PinValue.High : PinValue.Low);
            return true;
        }

        /// <summary>Switches every output off.</summary>
        public void AllOff()
        {
            for (int i = 0; i < _outputs.Length; i++)
            {
                _controller.Write(_outputs[i].Gpio, _outputs[i].ActiveHigh ? PinValue.Low : PinValue.High);
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
            for (int i = 0; i < _outputs.Length; i++)
            {
                if (_outputs[i].Key == key)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
