using EdgeController.Hal;
using EdgeController.Hal.Simulation.Sensors;

namespace EdgeController.Core.Tests.Simulation;

public sealed class SimulatedIna219Tests
{
    [Fact]
    public void ShuntAndBus_AreQuantisedAsTheChipDoes()
    {
        SimulatedIna219 chip = new(shuntMilliohms: 100);
        chip.SetInputs(busVolts: 12.3456, currentAmps: 0.12345);

        chip.ReadRegister(Ina219Register.ShuntVoltage, out ushort shunt);
        chip.ReadRegister(Ina219Register.BusVoltage, out ushort bus);

        // 0.12345 A x 0.1 Ω = 12.345 mV = 1234.5 LSB of 10 µV -> 1235; 12.3456 V / 4 mV = 3086.4 -> 3086.
        Assert.Equal(1235, (short)shunt);
        Assert.Equal(3086, bus >> 3);
        Assert.Equal(0, bus & 1);
    }

    [Fact]
    public void Driver_CalibratesAndConverts()
    {
        SimulatedIna219 chip = new(shuntMilliohms: 2);
        SimulatedIna219Sensor sensor = new(chip, shuntMilliohms: 2, maxCurrentMilliamps: 40_000);
        chip.SetInputs(13.2, -12.5);

        SensorStatus status = sensor.Read(out int busMillivolts, out int currentMilliamps);

        Assert.Equal(SensorStatus.Ok, status);
        Assert.Equal(13200, busMillivolts);
        Assert.InRange(currentMilliamps, -12_510, -12_490);
        chip.ReadRegister(Ina219Register.Calibration, out ushort calibration);
        Assert.NotEqual(0, calibration);
    }

    [Fact]
    public void Nack_IsReportedAsSuch()
    {
        SimulatedIna219 chip = new(2);
        SimulatedIna219Sensor sensor = new(chip, 2, 40_000);
        chip.Fault = SimulatedBusFault.NoAcknowledge;

        Assert.Equal(SensorStatus.NoAcknowledge, sensor.Read(out _, out _));
    }

    [Fact]
    public void ShuntBeyondThePgaRange_SetsOverflow()
    {
        SimulatedIna219 chip = new(2);
        SimulatedIna219Sensor sensor = new(chip, 2, 40_000);
        chip.SetInputs(13.2, 200.0); // 400 mV across 2 mΩ: beyond ±320 mV

        Assert.Equal(SensorStatus.Overflow, sensor.Read(out _, out _));
    }

    [Fact]
    public void StuckChip_KeepsReturningTheLastValues()
    {
        SimulatedIna219 chip = new(2);
        SimulatedIna219Sensor sensor = new(chip, 2, 40_000);
        chip.SetInputs(13.2, 5.0);
        sensor.Read(out _, out int before);
        chip.Fault = SimulatedBusFault.StuckValue;
        chip.SetInputs(12.0, 30.0);

        sensor.Read(out int bus, out int after);

        Assert.Equal(before, after);
        Assert.Equal(13200, bus);
    }
}
