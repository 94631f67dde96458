using System.Device.I2c;
using EdgeController.Hal;

namespace EdgeController.PowerSensor.Tests;

/// <summary>
/// The host's <see cref="II2cRegisters"/>: dotnet/iot's I2cDevice throws on a failed transfer
/// (IOException from the bus driver) where nanoFramework's returns a status, so this shim catches.
/// A TimeoutException is a timeout; every other I/O failure reads as NoAcknowledge.
/// </summary>
public sealed class DotnetI2cRegisters(I2cDevice device) : II2cRegisters
{
    private readonly byte[] _pointer = new byte[1];
    private readonly byte[] _read = new byte[2];
    private readonly byte[] _write = new byte[3];

    public SensorStatus ReadRegister(byte pointer, out int value)
    {
        value = 0;
        _pointer[0] = pointer;
        SensorStatus status = Transfer(() => device.WriteRead(_pointer, _read));
        if (status == SensorStatus.Ok)
        {
            value = (_read[0] << 8) | _read[1];
        }

        return status;
    }

    public SensorStatus WriteRegister(byte pointer, int value)
    {
        _write[0] = pointer;
        _write[1] = (byte)(value >> 8);
        _write[2] = (byte)value;
        return Transfer(() => device.Write(_write));
    }

    private static SensorStatus Transfer(Action transfer)
    {
        try
        {
            transfer();
            return SensorStatus.Ok;
        }
        catch (TimeoutException)
        {
            return SensorStatus.Timeout;
        }
        catch (IOException)
        {
            return SensorStatus.NoAcknowledge;
        }
    }
}
