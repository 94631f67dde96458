using EdgeController.Core.Config;
using EdgeController.Hal;
using EdgeController.Hal.Esp32;
using EdgeController.Hal.Simulation.Sensors;
using Iot.Device.Adc;
using ChipRegister = EdgeController.Hal.Simulation.Sensors.Ina219Register;

namespace EdgeController.PowerSensor.Tests;

/// <summary>
/// hal/Esp32/Ina219PowerSensor.cs, the file the device runs, through dotnet/iot's Ina219 binding
/// over a simulated chip: readings in integers, and each fault caught for what it is.
/// </summary>
public class Ina219PowerSensorTests
{
    // The devkit board's battery channel: 2 mΩ shunt, 40 A full scale, 16 V bus.
    private const int ShuntMilliohms = 2;
    private const int MaxCurrentMilliamps = 40000;

    private readonly SimulatedIna219 _chip = new(ShuntMilliohms);
    private readonly SimulatedIna219Device _device;

    public Ina219PowerSensorTests()
    {
        _device = new SimulatedIna219Device(_chip, 0x40);
    }

    private static int CurrentLsbMicroamps => Ina219Calibration.CurrentLsbMicroamps(MaxCurrentMilliamps);

    [Fact]
    public void ProgramsTheChip_FromCoresCalibration_ThroughTheBinding()
    {
        using Ina219PowerSensor sensor = Open();

        Assert.Equal(Ina219Calibration.CalibrationValue(ShuntMilliohms, MaxCurrentMilliamps), ReadChip(ChipRegister.Calibration));
        int configuration = ReadChip(ChipRegister.Configuration);
        Assert.Equal(0, configuration & 0x2000); // 16 V range
        Assert.Equal(1, (configuration >> 11) & 0x3); // 80 mV PGA: 40 A x 2 mΩ = 80 mV
        Assert.Equal(7, configuration & 0x7); // shunt and bus, continuous
    }

    [Theory]
    [InlineData(12.5, 3.2)]
    [InlineData(13.8, -25.0)]
    [InlineData(0.0, 0.0)]
    [InlineData(15.996, 39.9)]
    public void Reads_BusAndCurrent_InIntegers_WithinOneCurrentStep(double busVolts, double amps)
    {
        using Ina219PowerSensor sensor = Open();
        _chip.SetInputs(busVolts, amps);

        Assert.Equal(SensorStatus.Ok, sensor.Read(out int busMillivolts, out int currentMilliamps));

        // Bus: 4 mV steps; current: one current LSB (1221 µA here) plus the shunt's 10 µV step (5 mA).
        Assert.InRange(busMillivolts, (int)(busVolts * 1000) - 4, (int)(busVolts * 1000) + 4);
        int tolerance = (CurrentLsbMicroamps + 5000) / 1000 + 1;
        Assert.InRange(currentMilliamps, (int)(amps * 1000) - tolerance, (int)(amps * 1000) + tolerance);
    }

    [Fact]
    public void AReverseCurrent_ReadsNegative_ThoughTheHostBindingReadsItAsAHugeForwardOne()
    {
        using Ina219PowerSensor sensor = Open();
        _chip.SetInputs(13.0, -10.0);

        Assert.Equal(SensorStatus.Ok, sensor.Read(out _, out int currentMilliamps));
        Assert.InRange(currentMilliamps, -10010, -9990);

        // Why the adapter converts the current register itself: dotnet/iot 4.2.0's ReadCurrent
        // multiplies the register as unsigned (src/devices/Ina219/Ina219.cs, ReadCurrent).
        Ina219 binding = new(_device);
        binding.SetCalibration((ushort)Ina219Calibration.CalibrationValue(ShuntMilliohms, MaxCurrentMilliamps), CurrentLsbMicroamps / 1e6F);
        Assert.True(binding.ReadCurrent().Amperes > 0);
    }

    [Fact]
    public void ANack_ReadsAsNoAcknowledge_AndTheChipIsReadAgainOnceItAnswers()
    {
        using Ina219PowerSensor sensor = Open();
        _chip.SetInputs(12.0, 1.0);

        _chip.Fault = SimulatedBusFault.NoAcknowledge;
        Assert.Equal(SensorStatus.NoAcknowledge, sensor.Read(out int bus, out int current));
        Assert.Equal((0, 0), (bus, current));

        _chip.Fault = SimulatedBusFault.None;
        Assert.Equal(SensorStatus.Ok, sensor.Read(out bus, out _));
        Assert.InRange(bus, 11996, 12004);
    }

    [Fact]
    public void AChipAbsentAtStart_IsProgrammedWhenItAppears()
    {
        _chip.Fault = SimulatedBusFault.NoAcknowledge;
        using Ina219PowerSensor sensor = Open(); // the binding throws inside; the constructor does not
        Assert.Equal(SensorStatus.NoAcknowledge, sensor.Read(out _, out _));

        _chip.Fault = SimulatedBusFault.None; // comes up at reset defaults: 0x399F, calibration 0
        _chip.SetInputs(12.0, 2.0);
        Assert.Equal(SensorStatus.NotReady, sensor.Read(out _, out _));
        Assert.Equal(SensorStatus.Ok, sensor.Read(out _, out int current));
        Assert.InRange(current, 1990, 2010);
    }

    [Fact]
    public void ATimeout_ReadsAsTimeout()
    {
        using Ina219PowerSensor sensor = Open();
        _chip.Fault = SimulatedBusFault.Timeout;

        Assert.Equal(SensorStatus.Timeout, sensor.Read(out _, out _));
    }

    [Theory]
    [InlineData((byte)0xFF)]
    [InlineData((byte)0x00)]
    public void ADataLineStuckAtOneLevel_IsADeadChip_NotZeroVoltsAndZeroAmps(byte stuck)
    {
        using Ina219PowerSensor sensor = Open();
        _chip.SetInputs(12.0, 5.0);
        _device.StuckDataByte = stuck;

        Assert.Equal(SensorStatus.NoAcknowledge, sensor.Read(out int bus, out int current));
        Assert.Equal((0, 0), (bus, current));
    }

    [Fact]
    public void AWrongCalibration_IsCaught_AndTheChipProgrammedAgain()
    {
        using Ina219PowerSensor sensor = Open();
        _chip.SetInputs(12.0, 5.0);
        _device.CalibrationReadsAs = 0x1000; // what another chip at the address, or a lost write, would hold

        Assert.Equal(SensorStatus.NotReady, sensor.Read(out _, out int current));
        Assert.Equal(0, current);
        Assert.Equal(1, sensor.ReprogramCount);

        _device.CalibrationReadsAs = null;
        Assert.Equal(SensorStatus.Ok, sensor.Read(out _, out current));
        Assert.InRange(current, 4990, 5010);
    }

    [Fact]
    public void AChipResetByABrownOut_IsNoticed_ByItsConfiguration_AndReprogrammed()
    {
        using Ina219PowerSensor sensor = Open();
        _chip.SetInputs(12.0, 5.0);
        Assert.Equal(SensorStatus.Ok, sensor.Read(out _, out _));

        _chip.WriteRegister(ChipRegister.Configuration, 0x8000); // reset: 0x399F (32 V, 320 mV) and calibration 0

        Assert.Equal(SensorStatus.NotReady, sensor.Read(out _, out _));
        Assert.Equal(SensorStatus.Ok, sensor.Read(out _, out int current));
        Assert.InRange(current, 4990, 5010);
        Assert.Equal(1, sensor.ReprogramCount);
    }

    [Fact]
    public void ACurrentBeyondThePgaRange_ReadsAsOverflow()
    {
        using Ina219PowerSensor sensor = Open();
        _chip.SetInputs(12.0, 45.0); // 90 mV across the shunt, beyond the 80 mV range

        Assert.Equal(SensorStatus.Overflow, sensor.Read(out _, out _));
    }

    [Theory]
    [InlineData(1000, 20480)]
    [InlineData(80, 0)]
    [InlineData(80, 20481)]
    public void ParametersTheChipCannotTake_ReadAsNotReady_WithoutTouchingIt(int pgaMillivolts, int calibration)
    {
        using Ina219PowerSensor sensor = new("battery", _device, new DotnetI2cRegisters(_device), true, pgaMillivolts, calibration,
            CurrentLsbMicroamps);
        int before = _device.Transfers;

        Assert.Equal(SensorStatus.NotReady, sensor.Read(out _, out _));
        Assert.Equal(0, before);
        Assert.Equal(0, _device.Transfers);
    }

    /// <summary>What the composition root does: Core's calibration of the board config, as numbers.</summary>
    private Ina219PowerSensor Open() =>
        new("battery", _device, new DotnetI2cRegisters(_device), busRange16Volts: true,
            Ina219Calibration.PgaRangeMillivolts(ShuntMilliohms, MaxCurrentMilliamps),
            Ina219Calibration.CalibrationValue(ShuntMilliohms, MaxCurrentMilliamps), CurrentLsbMicroamps);

    private int ReadChip(ChipRegister register)
    {
        Assert.Equal(SimulatedBusStatus.Ok, _chip.ReadRegister(register, out ushort value));
        return value;
    }
}
