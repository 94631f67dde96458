namespace EdgeController.Hal
{
    /// <summary>
    /// The 16-bit registers of one I2C target, big-endian, addressed by a pointer byte (the
    /// INA219's protocol, TI SBOS448 8.5.6). Each platform reports a failed transfer its own way:
    /// nanoFramework's I2cDevice returns an I2cTransferResult and never throws, dotnet/iot's
    /// throws IOException. One small implementation per platform turns that into a
    /// <see cref="SensorStatus"/>, so a driver above it is one source file on both.
    /// </summary>
    public interface II2cRegisters
    {
        /// <summary>Reads a register (0..65535 into value); anything but Ok leaves value 0.</summary>
        SensorStatus ReadRegister(byte pointer, out int value);

        /// <summary>Writes the low 16 bits of value to a register.</summary>
        SensorStatus WriteRegister(byte pointer, int value);
    }
}
