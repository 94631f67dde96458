namespace EdgeController.Hal.Simulation.Sensors;

/// <summary>
/// The host's driver for a <see cref="SimulatedIna219"/>: programs the calibration register
/// from the shunt and the maximum expected current the way the device binding does, then reads
/// the bus and current registers and converts them once to integer millivolts and milliamps.
/// </summary>
public sealed class SimulatedIna219Sensor : IPowerSensor
{
    private readonly SimulatedIna219 _chip;
    private readonly int _currentLsbMicroamps;
    private readonly ushort _calibration;
    private bool _calibrated;

    /// <summary>Creates the driver; the chip is calibrated on the first read.</summary>
    public SimulatedIna219Sensor(SimulatedIna219 chip, int shuntMilliohms, int maxCurrentMilliamps)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shuntMilliohms);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCurrentMilliamps);
        _chip = chip;
        // Current LSB = max current / 2^15, rounded up to a whole µA so the register cannot overflow
        // below the maximum (SBOS448 §8.5.1, equation 2).
        _currentLsbMicroamps = (int)((maxCurrentMilliamps * 1000L + 32767) / 32768);
        // Cal = trunc(0.04096 / (Current_LSB[A] x R_shunt[Ω])) = 40,960,000 / (µA x mΩ) (equation 1).
        long calibration = 40_960_000L / ((long)_currentLsbMicroamps * shuntMilliohms);
        _calibration = (ushort)Math.Clamp(calibration & ~1L, 2, 0xFFFE);
    }

    /// <summary>The current LSB chosen, µA per count.</summary>
    public int CurrentLsbMicroamps => _currentLsbMicroamps;

    /// <inheritdoc />
    public SensorStatus Read(out int busMillivolts, out int currentMilliamps)
    {
        busMillivolts = 0;
        currentMilliamps = 0;
        if (!_calibrated)
        {
            SensorStatus calibrationStatus = ToSensorStatus(_chip.WriteRegister(Ina219Register.Calibration, _calibration));
            if (calibrationStatus != SensorStatus.Ok)
            {
                return calibrationStatus;
            }

            _calibrated = true;
        }

        SensorStatus status = ToSensorStatus(_chip.ReadRegister(Ina219Register.BusVoltage, out ushort busRegister));
        if (status != SensorStatus.Ok)
        {
            return status;
        }

        status = ToSensorStatus(_chip.ReadRegister(Ina219Register.Current, out ushort currentRegister));
        if (status != SensorStatus.Ok)
        {
            return status;
        }

        if ((busRegister & 0x0001) != 0)
        {
            return SensorStatus.Overflow;
        }

        busMillivolts = (busRegister >> 3) * 4;
        currentMilliamps = (int)Math.Round(unchecked((short)currentRegister) * (long)_currentLsbMicroamps / 1000.0, MidpointRounding.AwayFromZero);
        return SensorStatus.Ok;
    }

    /// <summary>Forgets the calibration, as after a chip reset; the next read writes it again.</summary>
    public void InvalidateCalibration() => _calibrated = false;

    private static SensorStatus ToSensorStatus(SimulatedBusStatus status) => status switch
    {
        SimulatedBusStatus.Ok => SensorStatus.Ok,
        SimulatedBusStatus.NoAcknowledge => SensorStatus.NoAcknowledge,
        _ => SensorStatus.Timeout,
    };
}
