using System.Device.I2c;

namespace EdgeController.Hal.Esp32
{
    /// <summary>
    /// <see cref="II2cRegisters"/> on nanoFramework's I2cDevice, whose transfers return an
    /// I2cTransferResult instead of throwing (nanoframework/System.Device.I2c, I2cDevice.cs
    /// @2a716b0). Anything short of a full transfer is a failure: a clock-stretch timeout reads
    /// as <see cref="SensorStatus.Timeout"/>, every other status as NoAcknowledge.
    /// </summary>
    public sealed class NanoI2cRegisters : II2cRegisters
    {
        private readonly I2cDevice _device;
        private readonly byte[] _pointer = new byte[1];
        private readonly byte[] _read = new byte[2];
        private readonly byte[] _write = new byte[3];

        /// <summary>Uses the device; it stays the caller's to dispose.</summary>
        public NanoI2cRegisters(I2cDevice device)
        {
            _device = device;
        }

        /// <inheritdoc />
        public SensorStatus ReadRegister(byte pointer, out int value)
        {
            value = 0;
            _pointer[0] = pointer;
            SensorStatus status = StatusOf(_device.WriteRead(_pointer, _read));
            if (status == SensorStatus.Ok)
            {
                value = (_read[0] << 8) | _read[1];
            }

            return status;
        }

        /// <inheritdoc />
        public SensorStatus WriteRegister(byte pointer, int value)
        {
            _write[0] = pointer;
            _write[1] = (byte)(value >> 8);
            _write[2] = (byte)value;
            return StatusOf(_device.Write(_write));
        }

        private static SensorStatus StatusOf(I2cTransferResult result)
        {
            if (result.Status == I2cTransferStatus.FullTransfer)
            {
                return SensorStatus.Ok;
            }

            return result.Status == I2cTransferStatus.ClockStretchTimeout ? SensorStatus.Timeout : SensorStatus.NoAcknowledge;
        }
    }
}
