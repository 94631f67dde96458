using nanoFramework.Hardware.Esp32;

namespace EdgeController.Hal.Esp32
{
    /// <summary>
    /// Routes the board config's pins to the ESP32's peripherals through the GPIO matrix. This
    /// must happen before the I2cDevice or the SerialPort is opened: nanoFramework's default
    /// pins for I2C1 and COM2 are not what our boards use (the INA219 sample does the same,
    /// nanoframework/nanoFramework.IoT.Device, devices/Ina219/samples/Program.cs: "must specify
    /// pin functions on ESP32").
    /// </summary>
    public static class Esp32Pins
    {
        /// <summary>SDA and SCL of I2C bus 1 or 2 (the board config's i2c section).</summary>
        public static void RouteI2c(int bus, int sdaPin, int sclPin)
        {
            Configuration.SetPinFunction(sdaPin, bus == 2 ? DeviceFunction.I2C2_DATA : DeviceFunction.I2C1_DATA);
            Configuration.SetPinFunction(sclPin, bus == 2 ? DeviceFunction.I2C2_CLOCK : DeviceFunction.I2C1_CLOCK);
        }

        /// <summary>TX and RX of the console UART (COM2 or COM3; the loader refuses COM1).</summary>
        public static void RouteConsole(string uart, int txPin, int rxPin)
        {
            bool com3 = uart == "COM3";
            Configuration.SetPinFunction(txPin, com3 ? DeviceFunction.COM3_TX : DeviceFunction.COM2_TX);
            Configuration.SetPinFunction(rxPin, com3 ? DeviceFunction.COM3_RX : DeviceFunction.COM2_RX);
        }
    }
}
