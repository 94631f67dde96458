namespace EdgeController.Core.Config
{
    /// <summary>
    /// The GPIOs a board config uses, with the field that claimed each, so that a pin claimed
    /// twice, a pin the chip does not have, a flash pin or an input-only pin used as an output
    /// is reported against the field that did it.
    /// </summary>
    internal sealed class PinPlan
    {
        private const int MaxPins = 64;
        private readonly string[] _owners = new string[MaxPins];
        private readonly string _platform;

        internal PinPlan(string platform)
        {
            _platform = platform;
        }

        /// <summary>Claims pin for the field at path; output is true when the pin will be driven.</summary>
        internal void Claim(ConfigErrors errors, string path, int pin, bool output)
        {
            if (pin < 0)
            {
                return; // already reported as missing or malformed
            }

            string problem = Problem(pin, output);
            if (problem != null)
            {
                errors.Add(path, problem);
                return;
            }

            if (_owners[pin] != null)
            {
                errors.Add(path, "GPIO " + pin.ToString() + " is already used by " + _owners[pin]);
                return;
            }

            _owners[pin] = path;
        }

        private string Problem(int pin, bool output)
        {
            if (pin < 0 || pin >= MaxPins)
            {
                return "must be a GPIO number";
            }

            if (_platform == "esp32")
            {
                // ESP32 datasheet (Espressif), 2.2 Pin Description: GPIO 6..11 are wired to the
                // SPI flash, 34..39 are input only, and there is no GPIO above 39.
                if (pin > 39)
                {
                    return "the ESP32 has GPIO 0..39 only";
                }

                if (pin >= 6 && pin <= 11)
                {
                    return "GPIO 6..11 belong to the SPI flash on the ESP32";
                }

                if (output && pin >= 34)
                {
                    return "GPIO 34..39 are input only on the ESP32";
                }
            }
            else if (_platform == "esp32s3")
            {
                // ESP32-S3 datasheet (Espressif), pin overview: GPIO 0..21 and 26..48 exist; 26..32
                // belong to the SPI flash and (octal) PSRAM on modules such as the WROOM-1.
                if (pin > 48 || (pin >= 22 && pin <= 25))
                {
                    return "the ESP32-S3 has no GPIO " + pin.ToString();
                }

                if (pin >= 26 && pin <= 32)
                {
                    return "GPIO 26..32 belong to the flash/PSRAM on ESP32-S3 modules";
                }
            }

            return null;
        }
    }
}
