using EdgeController.Core.Config;
using EdgeController.Hal;
using EdgeController.Hal.Esp32;
using nanoFramework.TestFramework;

namespace EdgeController.Device.Tests
{
    /// <summary>Every INA219 of the board answers and reads a plausible bus voltage.</summary>
    [TestClass]
    public class Ina219Tests
    {
        [Setup]
        public void RoutePins()
        {
            I2cBusConfig bus = DeviceBoard.Config.I2c;
            Esp32Pins.RouteI2c(bus.Bus, bus.SdaPin, bus.SclPin);
        }

        [TestMethod]
        public void EveryIna219_Answers_WithABusVoltageInsideItsRange()
        {
            BoardConfig config = DeviceBoard.Config;
            for (int i = 0; i < config.Ina219.Length; i++)
            {
                Ina219Config chip = config.Ina219[i];
                using (Ina219PowerSensor sensor = Open(config, chip, config.I2c.SpeedKilohertz))
                {
                    int busMillivolts;
                    int currentMilliamps;
                    SensorStatus status = sensor.Read(out busMillivolts, out currentMilliamps);

                    Assert.AreEqual((int)SensorStatus.Ok, (int)status, "ina219[" + i.ToString() + "] (" + chip.Key + ") did not answer");
                    Assert.IsTrue(busMillivolts >= 0 && busMillivolts <= chip.BusVoltageRangeVolts * 1000, "bus voltage out of range");
                    Assert.IsTrue(currentMilliamps >= -chip.MaxCurrentMilliamps && currentMilliamps <= chip.MaxCurrentMilliamps,
                        "current beyond the calibrated maximum");
                }
            }
        }

        [TestMethod]
        public void AnAddressWithoutAChip_ReadsAsNoAcknowledge()
        {
            // 0x4F is the last INA219 address; the boards leave it unpopulated.
            BoardConfig config = DeviceBoard.Config;
            Ina219Config absent = new Ina219Config();
            absent.Key = "absent";
            absent.Address = 0x4F;
            absent.ShuntMilliohms = 2;
            absent.MaxCurrentMilliamps = 40000;
            absent.BusVoltageRangeVolts = 16;
            using (Ina219PowerSensor sensor = Open(config, absent, 100))
            {
                int busMillivolts;
                int currentMilliamps;

                Assert.AreEqual((int)SensorStatus.NoAcknowledge, (int)sensor.Read(out busMillivolts, out currentMilliamps));
            }
        }

        /// <summary>As the composition root opens a chip: Core's calibration of its config, as numbers.</summary>
        private static Ina219PowerSensor Open(BoardConfig config, Ina219Config chip, int speedKilohertz)
        {
            return Ina219Sensors.Open(config.I2c.Bus, speedKilohertz, chip.Key, chip.Address, chip.BusVoltageRangeVolts == 16,
                Ina219Calibration.PgaRangeMillivolts(chip.ShuntMilliohms, chip.MaxCurrentMilliamps),
                Ina219Calibration.CalibrationValue(chip.ShuntMilliohms, chip.MaxCurrentMilliamps),
                Ina219Calibration.CurrentLsbMicroamps(chip.MaxCurrentMilliamps));
        }
    }
}
