using System;

namespace EdgeController.Hal.Esp32
{
    /// <summary>
    /// One key of the board's <see cref="DigitalOutputs"/> as an on/off coil output (the battery
    /// contactor). The pin drives a transistor or relay module, never the coil itself: an ESP32
    /// pin gives a few mA at 3.3 V (docs/wiring-esp32-devkitc.md, "Power stage").
    /// </summary>
    public sealed class OutputSwitch : ISwitchOutput
    {
        private readonly DigitalOutputs _outputs;
        private readonly string _key;

        /// <summary>Binds the output with this key; the outputs' owner keeps disposing them.</summary>
        /// <exception cref="ArgumentException">The board has no output with this key.</exception>
        public OutputSwitch(DigitalOutputs outputs, string key)
        {
            if (!outputs.Has(key))
            {
                throw new ArgumentException("the board config has no output \"" + key + "\"", "key");
            }

            _outputs = outputs;
            _key = key;
        }

        /// <inheritdoc />
        public void Set(bool on)
        {
            _outputs.Set(_key, on);
        }
    }
}
