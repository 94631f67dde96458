using System;
using System.Device.Adc;

namespace EdgeController.Hal.Esp32
{
    /// <summary>
    /// One ESP32 ADC1 channel through System.Device.Adc, as an <see cref="IAdcChannel"/>.
    /// Refuses ADC2 and the internal channels: nanoFramework numbers ADC1 0..7, the internal
    /// sensors 8..9 and ADC2 10..19 (nanoframework/nanoFramework.Hardware.Esp32,
    /// DeviceTypePins.cs, ADC1_CH*), and ADC2 cannot be sampled while the Wi-Fi driver runs.
    /// </summary>
    public sealed class AdcInput : IAdcChannel, IDisposable
    {
        /// <summary>The last ADC1 channel nanoFramework exposes on the ESP32.</summary>
        public const int MaxAdc1Channel = 7;

        private readonly AdcChannel _channel;

        /// <summary>Opens channelNumber on the device's one controller.</summary>
        /// <param name="controller">
        /// The single AdcController of the application: a second instance throws
        /// InvalidOperationException (nanoframework/System.Device.Adc, AdcController.cs @46bf962).
        /// </param>
        /// <param name="channelNumber">0..7.</param>
        public AdcInput(AdcController controller, int channelNumber)
        {
            if (channelNumber < 0 || channelNumber > MaxAdc1Channel)
            {
                throw new ArgumentOutOfRangeException("channelNumber", "only ADC1 channels 0..7 can be read while Wi-Fi is on");
            }

            _channel = controller.OpenChannel(channelNumber);
            MaxRawCounts = controller.MaxValue;
        }

        /// <inheritdoc />
        public int MaxRawCounts { get; private set; }

        /// <inheritdoc />
        public SensorStatus Read(out int rawCounts)
        {
            rawCounts = _channel.ReadValue();
            if (rawCounts < 0 || rawCounts > MaxRawCounts)
            {
                return SensorStatus.Overflow;
            }

            return SensorStatus.Ok;
        }

        /// <inheritdoc />
        public void Dispose()
        {
            _channel.Dispose();
        }
    }
}
