using System.Device.I2c;
using EdgeController.Hal.Simulation.Sensors;
using ChipRegister = EdgeController.Hal.Simulation.Sensors.Ina219Register;

namespace EdgeController.PowerSensor.Tests;

/// <summary>
/// dotnet/iot's abstract I2cDevice over hal/Simulation's register-level INA219 model, the way the
/// binding and the shim talk to a chip: a write of the pointer byte (and two data bytes for a
/// register write), then a read of two bytes at the pointer. Faults are scripted: the chip's own
/// (NACK, timeout), and two of the bus and the chip's memory that the model does not have, a data
/// line stuck at one level and a calibration register that does not hold what was written.
/// A NACK throws IOException, as the Linux bus driver's failed ioctl does; a timeout TimeoutException.
/// </summary>
public sealed class SimulatedIna219Device(SimulatedIna219 chip, int address) : I2cDevice
{
    private byte _pointer;

    public override I2cConnectionSettings ConnectionSettings { get; } = new(1, address);

    /// <summary>When set, every byte read is this (SDA held low: 0x00; nothing drives it: 0xFF).</summary>
    public byte? StuckDataByte { get; set; }

    /// <summary>When set, the calibration register reads this whatever was written.</summary>
    public int? CalibrationReadsAs { get; set; }

    /// <summary>Every write and read attempted, failed ones included.</summary>
    public int Transfers { get; private set; }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Transfers++;
        if (buffer.Length == 0)
        {
            return;
        }

        _pointer = buffer[0];
        if (buffer.Length >= 3)
        {
            Throw(chip.WriteRegister((ChipRegister)_pointer, (ushort)((buffer[1] << 8) | buffer[2])));
        }
        else
        {
            // A pointer write alone still addresses the chip: it must acknowledge.
            Throw(chip.Fault switch
            {
                SimulatedBusFault.NoAcknowledge => SimulatedBusStatus.NoAcknowledge,
                SimulatedBusFault.Timeout => SimulatedBusStatus.Timeout,
                _ => SimulatedBusStatus.Ok,
            });
        }
    }

    public override void Read(Span<byte> buffer)
    {
        Transfers++;
        if (StuckDataByte is byte stuck)
        {
            buffer.Fill(stuck);
            return;
        }

        Throw(chip.ReadRegister((ChipRegister)_pointer, out ushort value));
        if ((ChipRegister)_pointer == ChipRegister.Calibration && CalibrationReadsAs is int calibration)
        {
            value = (ushort)calibration;
        }

        if (buffer.Length > 0)
        {
            buffer[0] = (byte)(value >> 8);
        }

        if (buffer.Length > 1)
        {
            buffer[1] = (byte)value;
        }
    }

    public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
    {
        Write(writeBuffer);
        Read(readBuffer);
    }

    public override byte ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        Read(one);
        return one[0];
    }

    public override void WriteByte(byte value) => Write([value]);

    private static void Throw(SimulatedBusStatus status)
    {
        switch (status)
        {
            case SimulatedBusStatus.NoAcknowledge:
                throw new IOException("Error 6 performing I2C data transfer (simulated NACK)");
            case SimulatedBusStatus.Timeout:
                throw new TimeoutException("simulated clock-stretch timeout");
        }
    }
}
