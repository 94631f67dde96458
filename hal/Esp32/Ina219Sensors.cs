using System.Device.I2c;

namespace EdgeController.Hal.Esp32
{
    /// <summary>
    /// Opens an <see cref="Ina219PowerSensor"/> on the ESP32: its I2cDevice and the nanoFramework
    /// transfer shim. Kept out of Ina219PowerSensor.cs, which the host compiles too (dotnet/iot's
    /// I2cConnectionSettings has no bus speed).
    /// </summary>
    public static class Ina219Sensors
    {
        /// <summary>
        /// The chip at address on bus busId (400 kHz and up is fast mode, else standard), programmed
        /// with Core's calibration numbers (Config/Ina219Calibration.cs) by the composition root.
        /// </summary>
        public static Ina219PowerSensor Open(int busId, int busSpeedKilohertz, string key, int address, bool busRange16Volts,
            int pgaRangeMillivolts, int calibrationValue, int currentLsbMicroamps)
        {
            I2cBusSpeed speed = busSpeedKilohertz >= 400 ? I2cBusSpeed.FastMode : I2cBusSpeed.StandardMode;
            I2cDevice device = I2cDevice.Create(new I2cConnectionSettings(busId, address, speed));
            return new Ina219PowerSensor(key, device, new NanoI2cRegisters(device), busRange16Volts, pgaRangeMillivolts, calibrationValue,
                currentLsbMicroamps);
        }
    }
}
