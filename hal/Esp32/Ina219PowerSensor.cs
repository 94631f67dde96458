using System;
using System.Device.I2c;
using Iot.Device.Adc;

namespace EdgeController.Hal.Esp32
{
    /// <summary>
    /// One INA219 (TI, bidirectional current/power monitor, SBOS448) as an <see cref="IPowerSensor"/>,
    /// through the Iot.Device.Adc.Ina219 binding. One source file for two builds: on the device it
    /// compiles against nanoFramework.Iot.Device.Ina219, on the host (tests/EdgeController.PowerSensor.Tests)
    /// against dotnet/iot's Iot.Device.Bindings, which has the same namespace and members, over a
    /// register-level simulated chip. The binding programs the chip; the readings are taken from the
    /// bus voltage and current registers and converted in integers here (no UnitsNet double, no float LSB).
    /// </summary>
    /// <remarks>
    /// Neither binding tells a dead chip from a live one: nanoFramework's ignores every
    /// I2cTransferResult (nanoframework/nanoFramework.IoT.Device devices/Ina219/Ina219.cs @1de7e0c,
    /// ReadRegister), so a missing chip reads as 0 V and 0 A, and dotnet/iot's 4.2.0 has no overflow
    /// flag. So every <see cref="Read"/> first checks the chip's registers through
    /// <see cref="II2cRegisters"/> (the per-platform transfer shim): the configuration must read
    /// back with the range, gain and mode programmed (0x0000 or 0xFFFF is a dead chip or a stuck
    /// bus), and the calibration register must hold the calibration programmed. A chip that lost
    /// either (a brown-out resets it to 0x399F and calibration 0) is programmed again and that read
    /// reports NotReady. The calibration values themselves are Core's (Config/Ina219Calibration.cs);
    /// this class takes them as numbers so that hal/Esp32 depends on hal/Abstractions only.
    /// </remarks>
    public sealed class Ina219PowerSensor : IPowerSensor, IDisposable
    {
        /// <summary>Register pointers (SBOS448 Table 2).</summary>
        private const byte ConfigurationRegister = 0x00;
        private const byte BusVoltageRegister = 0x02;
        private const byte CurrentRegister = 0x04;
        private const byte CalibrationRegister = 0x05;

        /// <summary>Configuration fields (SBOS448 Figure 19): BRNG bit 13, PG bits 12-11, MODE bits 2-0.</summary>
        private const int BusRangeBit = 0x2000;
        private const int GainMask = 0x1800;
        private const int GainShift = 11;
        private const int ModeMask = 0x0007;
        private const int ShuntAndBusContinuousMode = 0x0007;

        /// <summary>Bus voltage register bit 0, OVF: the current or power arithmetic overflowed.</summary>
        private const int MathOverflowBit = 0x0001;

        /// <summary>The bus voltage is bits 15-3 of its register, 4 mV per count (SBOS448 8.6.3.2).</summary>
        private const int BusVoltageShift = 3;
        private const int BusVoltageLsbMillivolts = 4;

        private readonly I2cDevice _device;
        private readonly II2cRegisters _registers;
        private readonly Ina219 _chip;
        private readonly bool _busRange16Volts;
        private readonly int _gainCode;
        private readonly int _calibrationValue;
        private readonly int _currentLsbMicroamps;

        /// <summary>
        /// Takes the chip's I2C device (disposed with this) and its register shim, and programs the
        /// chip. busRange16Volts picks the 16 V bus range (else 32 V); pgaRangeMillivolts is 40, 80,
        /// 160 or 320; calibrationValue (2..65534, bit 0 clear) and currentLsbMicroamps come from
        /// Core's Ina219Calibration. Values outside those make every read NotReady.
        /// </summary>
        public Ina219PowerSensor(string key, I2cDevice device, II2cRegisters registers, bool busRange16Volts, int pgaRangeMillivolts,
            int calibrationValue, int currentLsbMicroamps)
        {
            Key = key;
            _device = device;
            _registers = registers;
            _chip = new Ina219(device);
            _busRange16Volts = busRange16Volts;
            _gainCode = GainCodeFor(pgaRangeMillivolts);
            _calibrationValue = calibrationValue;
            _currentLsbMicroamps = currentLsbMicroamps;
            Program();
        }

        /// <summary>The channel key of this chip.</summary>
        public string Key { get; private set; }

        /// <summary>How often the chip was found not holding its configuration or calibration and was programmed again.</summary>
        public int ReprogramCount { get; private set; }

        private bool IsConfigurable
        {
            get
            {
                return _gainCode >= 0 && _calibrationValue >= 2 && _calibrationValue <= 65534 && (_calibrationValue & 1) == 0
                    && _currentLsbMicroamps > 0;
            }
        }

        /// <inheritdoc />
        public SensorStatus Read(out int busMillivolts, out int currentMilliamps)
        {
            busMillivolts = 0;
            currentMilliamps = 0;
            if (!IsConfigurable)
            {
                return SensorStatus.NotReady;
            }

            SensorStatus sanity = CheckRegisters();
            if (sanity != SensorStatus.Ok)
            {
                return sanity;
            }

            // Bus and current from their registers in integers: the bus register carries its OVF
            // flag in the same word, and the binding's ReadCurrent would give a double through a
            // float LSB (dotnet/iot's 4.2.0 also leaves the register unsigned, so a reverse current
            // reads as a large forward one; tests/EdgeController.PowerSensor.Tests shows it).
            int busRegister;
            SensorStatus status = _registers.ReadRegister(BusVoltageRegister, out busRegister);
            if (status != SensorStatus.Ok)
            {
                return status;
            }

            if ((busRegister & MathOverflowBit) != 0)
            {
                return SensorStatus.Overflow;
            }

            int currentRegister;
            status = _registers.ReadRegister(CurrentRegister, out currentRegister);
            if (status != SensorStatus.Ok)
            {
                return status;
            }

            busMillivolts = (busRegister >> BusVoltageShift) * BusVoltageLsbMillivolts;
            currentMilliamps = MicroampsToMilliamps((long)ToSigned16(currentRegister) * _currentLsbMicroamps);
            return SensorStatus.Ok;
        }

        /// <inheritdoc />
        public void Dispose()
        {
            _chip.Dispose();
            _device.Dispose();
        }

        /// <summary>The PG field for a shunt range (SBOS448 Table 4); -1 for a range the chip has not.</summary>
        private static int GainCodeFor(int rangeMillivolts)
        {
            switch (rangeMillivolts)
            {
                case 40:
                    return 0;
                case 80:
                    return 1;
                case 160:
                    return 2;
                case 320:
                    return 3;
                default:
                    return -1;
            }
        }

        private static Ina219PgaSensitivity SensitivityFor(int gainCode)
        {
            switch (gainCode)
            {
                case 0:
                    return Ina219PgaSensitivity.PlusOrMinus40mv;
                case 1:
                    return Ina219PgaSensitivity.PlusOrMinus80mv;
                case 2:
                    return Ina219PgaSensitivity.PlusOrMinus160mv;
                default:
                    return Ina219PgaSensitivity.PlusOrMinus320mv;
            }
        }

        /// <summary>A 16-bit register as the two's complement number it holds.</summary>
        private static int ToSigned16(int register)
        {
            return (register & 0x8000) != 0 ? register - 0x10000 : register;
        }

        /// <summary>µA to mA, rounded half away from zero.</summary>
        private static int MicroampsToMilliamps(long microamps)
        {
            return (int)(microamps >= 0 ? (microamps + 500) / 1000 : (microamps - 500) / 1000);
        }

        /// <summary>Ok when the chip answers and holds what <see cref="Program"/> wrote; otherwise why not.</summary>
        private SensorStatus CheckRegisters()
        {
            int configuration;
            SensorStatus status = _registers.ReadRegister(ConfigurationRegister, out configuration);
            if (status != SensorStatus.Ok)
            {
                return status;
            }

            if (configuration == 0x0000 || configuration == 0xFFFF)
            {
                // Every bit low or high: SDA held, or nothing drives it. No INA219 reads so.
                return SensorStatus.NoAcknowledge;
            }

            int calibration;
            status = _registers.ReadRegister(CalibrationRegister, out calibration);
            if (status != SensorStatus.Ok)
            {
                return status;
            }

            bool configured = ((configuration & BusRangeBit) != 0) == !_busRange16Volts
                && ((configuration & GainMask) >> GainShift) == _gainCode
                && (configuration & ModeMask) == ShuntAndBusContinuousMode;
            if (configured && calibration == _calibrationValue)
            {
                return SensorStatus.Ok;
            }

            ReprogramCount++;
            Program();
            return SensorStatus.NotReady;
        }

        /// <summary>Reset, then range, gain, bus ADC, mode and calibration, all through the binding.</summary>
        private void Program()
        {
            if (!IsConfigurable)
            {
                return;
            }

            try
            {
                _chip.Reset();
                _chip.BusVoltageRange = _busRange16Volts ? Ina219BusVoltageRange.Range16v : Ina219BusVoltageRange.Range32v;
                _chip.PgaSensitivity = SensitivityFor(_gainCode);
                // The shunt ADC stays at its reset default (12-bit, 532 us) on purpose: nanoFramework's
                // ShuntAdcResolutionOrSamples setter shifts its value left by 4 like the bus setter,
                // while its getter reads the SADC bits unshifted, so the write lands in the BADC field
                // (Ina219.cs @1de7e0c). It is never called.
                _chip.BusAdcResolutionOrSamples = Ina219AdcResolutionOrSamples.Adc12Bit;
                _chip.OperatingMode = Ina219OperatingMode.ShuntAndBusContinuous;
                // The binding wants the current LSB in amperes as a float. ReadCurrent writes this
                // calibration again before every read (the binding's workaround for the register
                // resetting under large load steps).
                _chip.SetCalibration((ushort)_calibrationValue, _currentLsbMicroamps / 1000000.0F);
            }
            catch (Exception)
            {
                // A chip that is not there now: the next Read finds it out and programs it again.
            }
        }
    }
}
