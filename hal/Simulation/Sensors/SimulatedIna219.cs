namespace EdgeController.Hal.Simulation.Sensors;

/// <summary>
/// A register-level model of the TI INA219 current/power monitor (datasheet SBOS448): what its
/// registers would hold for a given true bus voltage and shunt current, quantised as the chip
/// quantises (shunt 10 µV, bus 4 mV), clipped by its PGA range, with the calibration register's
/// arithmetic for current and power. Tests set the analog inputs and the faults; a driver talks
/// to it through <see cref="WriteRegister"/> and <see cref="ReadRegister"/> as it would over I2C.
/// </summary>
public sealed class SimulatedIna219
{
    /// <summary>Shunt voltage LSB: 10 µV (SBOS448 §8.6.3.1).</summary>
    public const double ShuntVoltageLsbVolts = 10e-6;

    /// <summary>Bus voltage LSB: 4 mV (SBOS448 §8.6.3.2).</summary>
    public const double BusVoltageLsbVolts = 4e-3;

    /// <summary>Configuration register value after power-on reset (SBOS448 table 4).</summary>
    public const ushort ConfigurationResetValue = 0x399F;

    /// <summary>Current register = shunt register x calibration / 4096 (SBOS448 §8.5.1, equation 4).</summary>
    public const int CalibrationDivisor = 4096;

    private const int BusVoltageMaxCounts = 0x1FFF; // 13 bits
    private const ushort BusOverflowBit = 0x0001;
    private const ushort BusConversionReadyBit = 0x0002;

    private readonly double _shuntOhms;
    private ushort _configuration = ConfigurationResetValue;
    private ushort _calibration;
    private double _busVolts;
    private double _currentAmps;
    private short _stuckShunt;
    private ushort _stuckBus;
    private bool _hasStuckValues;

    /// <summary>Creates a chip behind a shunt of the given resistance.</summary>
    public SimulatedIna219(int shuntMilliohms)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shuntMilliohms);
        _shuntOhms = shuntMilliohms / 1000.0;
    }

    /// <summary>The fault the chip shows now.</summary>
    public SimulatedBusFault Fault { get; set; }

    /// <summary>Transactions attempted (including failed ones): lets a test see the driver polled.</summary>
    public int TransactionCount { get; private set; }

    /// <summary>Sets the true analog inputs: bus voltage (V) and current through the shunt (A, positive forward).</summary>
    public void SetInputs(double busVolts, double currentAmps)
    {
        _busVolts = busVolts;
        _currentAmps = currentAmps;
    }

    /// <summary>Writes a register as an I2C write of pointer + 2 bytes would.</summary>
    public SimulatedBusStatus WriteRegister(Ina219Register register, ushort value)
    {
        SimulatedBusStatus status = BeginTransaction();
        if (status != SimulatedBusStatus.Ok)
        {
            return status;
        }

        switch (register)
        {
            case Ina219Register.Configuration:
                // Bit 15 is the reset bit: it restores defaults and clears itself.
                if ((value & 0x8000) != 0)
                {
                    _configuration = ConfigurationResetValue;
                    _calibration = 0;
                }
                else
                {
                    _configuration = value;
                }

                break;
            case Ina219Register.Calibration:
                _calibration = (ushort)(value & 0xFFFE);
                break;
            default:
                // Measurement registers are read-only; the chip ignores such writes.
                break;
        }

        return SimulatedBusStatus.Ok;
    }

    /// <summary>Reads a register as an I2C write of the pointer then a 2-byte read would.</summary>
    public SimulatedBusStatus ReadRegister(Ina219Register register, out ushort value)
    {
        value = 0;
        SimulatedBusStatus status = BeginTransaction();
        if (status != SimulatedBusStatus.Ok)
        {
            return status;
        }

        bool stuck = Fault == SimulatedBusFault.StuckValue && _hasStuckValues;
        short shunt = stuck ? _stuckShunt : ShuntCounts(out _);
        ushort bus = stuck ? _stuckBus : BusRegister();
        value = register switch
        {
            Ina219Register.Configuration => _configuration,
            Ina219Register.ShuntVoltage => unchecked((ushort)shunt),
            Ina219Register.BusVoltage => bus,
            Ina219Register.Current => unchecked((ushort)CurrentCounts(shunt)),
            Ina219Register.Power => PowerCounts(shunt, bus),
            Ina219Register.Calibration => _calibration,
            _ => 0,
        };
        if (!stuck)
        {
            _stuckShunt = shunt;
            _stuckBus = bus;
            _hasStuckValues = true;
        }

        return SimulatedBusStatus.Ok;
    }

    private SimulatedBusStatus BeginTransaction()
    {
        TransactionCount++;
        return Fault switch
        {
            SimulatedBusFault.NoAcknowledge => SimulatedBusStatus.NoAcknowledge,
            SimulatedBusFault.Timeout => SimulatedBusStatus.Timeout,
            _ => SimulatedBusStatus.Ok,
        };
    }

    /// <summary>Full-scale shunt counts of the PGA setting (bits 12..11): 40, 80, 160, 320 mV.</summary>
    private int ShuntFullScaleCounts => 4000 << ((_configuration >> 11) & 0x3);

    private short ShuntCounts(out bool clipped)
    {
        double counts = Math.Round(_currentAmps * _shuntOhms / ShuntVoltageLsbVolts, MidpointRounding.AwayFromZero);
        int fullScale = ShuntFullScaleCounts;
        clipped = Math.Abs(counts) > fullScale;
        return (short)Math.Clamp(counts, -fullScale, fullScale);
    }

    private ushort BusRegister()
    {
        double counts = Math.Round(_busVolts / BusVoltageLsbVolts, MidpointRounding.AwayFromZero);
        int busCounts = (int)Math.Clamp(counts, 0, BusVoltageMaxCounts);
        ShuntCounts(out bool clipped);
        // OVF is set when the current or power calculation overflows; shunt clipping is the
        // physical cause of a wrong current, so the model raises it then.
        int flags = BusConversionReadyBit | (clipped ? BusOverflowBit : 0);
        return (ushort)((busCounts << 3) | flags);
    }

    private short CurrentCounts(short shuntCounts)
    {
        int current = shuntCounts * _calibration / CalibrationDivisor;
        return (short)Math.Clamp(current, short.MinValue, short.MaxValue);
    }

    private ushort PowerCounts(short shuntCounts, ushort busRegister)
    {
        // SBOS448 §8.5.1: Power = Current x BusVoltage / 5000 (bus voltage as its 13-bit value).
        int power = Math.Abs(CurrentCounts(shuntCounts)) * (busRegister >> 3) / 5000;
        return (ushort)Math.Min(power, ushort.MaxValue);
    }
}
