using System;
using System.Device.I2c;
using EdgeController.Core.Config;
using Iot.Device.Adc;
using UnitsNet;

namespace EdgeController.Hal.Esp32
{
    /// <summary>
    /// One INA219 (TI, bidirectional current/power monitor, https://www.ti.com/lit/ds/symlink/ina219.pdf)
    /// through nanoFramework's Iot.Device.Adc.Ina219 binding, as an <see cref="IPowerSensor"/>.
    /// Calibration comes from the board config's shunt and maximum current through Core's
    /// <see cref="Ina219Calibration"/>; the binding's UnitsNet doubles are converted to integers
    /// here, once, and nowhere else.
    /// </summary>
    /// <remarks>
    /// The binding ignores every I2cTransferResult (nanoframework/nanoFramework.IoT.Device,
    /// devices/Ina219/Ina219.cs @1de7e0c, ReadRegister): a chip that is missing or has fallen off
    /// the bus reads as 0 V and 0 A, not as an error. So each <see cref="Read"/> first reads the
    /// configuration register itself, through the same I2cDevice this class owns (the binding
    /// only borrows it: its I2cDevice constructor does not dispose), and reports NoAcknowledge
    /// unless the transfer completed and the register is neither 0x0000 nor 0xFFFF (its reset
    /// value is 0x399F, datasheet 8.6.3.1; all-zero or all-one means a dead chip or a stuck bus).
    /// </remarks>
    public sealed class Ina219PowerSensor : IPowerSensor, IDisposable
    {
        /// <summary>INA219 configuration register pointer (datasheet Table 2).</summary>
        private const byte ConfigurationRegister = 0x00;

        private readonly I2cDevice _device;
        private readonly Ina219 _chip;
        private readonly byte[] _pointer = new byte[] { ConfigurationRegister };
        private readonly byte[] _register = new byte[2];

        /// <summary>Opens the chip at config.Address on bus busId and programs range, gain and calibration.</summary>
        public Ina219PowerSensor(int busId, I2cBusSpeed busSpeed, Ina219Config config)
        {
            Key = config.Key;
            _device = I2cDevice.Create(new I2cConnectionSettings(busId, config.Address, busSpeed));
            _chip = new Ina219(_device);
            _chip.Reset();
            _chip.BusVoltageRange = config.BusVoltageRangeVolts == 16 ? Ina219BusVoltageRange.Range16v : Ina219BusVoltageRange.Range32v;
            _chip.PgaSensitivity = PgaFor(Ina219Calibration.PgaRangeMillivolts(config.ShuntMilliohms, config.MaxCurrentMilliamps));
            // The shunt ADC stays at its reset default (12-bit, 532 us) on purpose: the binding's
            // ShuntAdcResolutionOrSamples setter shifts its value left by 4 like the bus setter,
            // while its getter reads the SADC bits unshifted, so the write lands in the BADC field
            // (Ina219.cs @1de7e0c). It is never called.
            _chip.BusAdcResolutionOrSamples = Ina219AdcResolutionOrSamples.Adc12Bit;
            _chip.OperatingMode = Ina219OperatingMode.ShuntAndBusContinuous;
            int lsbMicroamps = Ina219Calibration.CurrentLsbMicroamps(config.MaxCurrentMilliamps);
            // The binding wants the current LSB in amperes as a float; the only float of this class.
            // ReadCurrent rewrites this calibration before every read (the binding's workaround for
            // the register resetting under large load steps).
            _chip.SetCalibration(
                (ushort)Ina219Calibration.CalibrationValue(config.ShuntMilliohms, config.MaxCurrentMilliamps),
                lsbMicroamps / 1000000.0F);
        }

        /// <summary>The channel key of this chip.</summary>
        public string Key { get; private set; }

        /// <inheritdoc />
        public SensorStatus Read(out int busMillivolts, out int currentMilliamps)
        {
            busMillivolts = 0;
            currentMilliamps = 0;
            I2cTransferResult probe = _device.WriteRead(_pointer, _register);
            if (probe.Status != I2cTransferStatus.FullTransfer)
            {
                return probe.Status == I2cTransferStatus.ClockStretchTimeout ? SensorStatus.Timeout : SensorStatus.NoAcknowledge;
            }

            int configuration = (_register[0] << 8) | _register[1];
            if (configuration == 0x0000 || configuration == 0xFFFF)
            {
                return SensorStatus.NoAcknowledge;
            }

            ElectricPotential bus = _chip.ReadBusVoltage();
            if (_chip.MathOverflowFlag)
            {
                return SensorStatus.Overflow;
            }

            ElectricCurrent current = _chip.ReadCurrent();
            busMillivolts = RoundToInt(bus.Millivolts);
            currentMilliamps = RoundToInt(current.Milliamperes);
            return SensorStatus.Ok;
        }

        /// <inheritdoc />
        public void Dispose()
        {
            _chip.Dispose();
            _device.Dispose();
        }

        private static Ina219PgaSensitivity PgaFor(int rangeMillivolts)
        {
            switch (rangeMillivolts)
            {
                case 40:
                    return Ina219PgaSensitivity.PlusOrMinus40mv;
                case 80:
                    return Ina219PgaSensitivity.PlusOrMinus80mv;
                case 160:
                    return Ina219PgaSensitivity.PlusOrMinus160mv;
                default:
                    return Ina219PgaSensitivity.PlusOrMinus320mv;
            }
        }

        /// <summary>The one conversion from the binding's doubles: round half away from zero, clamp to int.</summary>
        private static int RoundToInt(double value)
        {
            if (value >= int.MaxValue)
            {
                return int.MaxValue;
            }

            if (value <= int.MinValue)
            {
                return int.MinValue;
            }

            return (int)(value >= 0 ? value + 0.5 : value - 0.5);
        }
    }
}
