namespace EdgeController.Hal
{
    /// <summary>
    /// The technician's serial line (a UART at 115200 8N1 on the device, a stream or a
    /// pseudo-terminal on the host). Shaped like the hardware: bytes in, bytes out, never blocks.
    /// Line editing and the command language live in Core.
    /// </summary>
    public interface IConsolePort
    {
        /// <summary>Copies up to count received bytes into buffer[offset..]; returns how many (0 when none are waiting).</summary>
        int Read(byte[] buffer, int offset, int count);

        /// <summary>Sends data[offset..offset+count). May drop bytes when nobody listens, never blocks for long.</summary>
        void Write(byte[] data, int offset, int count);
    }
}
