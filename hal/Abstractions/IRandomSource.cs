namespace EdgeController.Hal
{
    /// <summary>Cryptographically strong random bytes (the ESP32's hardware RNG with the radio on; the OS RNG on the host).</summary>
    public interface IRandomSource
    {
        /// <summary>Fills buffer with random bytes.</summary>
        void Fill(byte[] buffer);
    }
}
