namespace EdgeController.Hal
{
    /// <summary>
    /// Small named blobs on non-volatile memory (the internal flash file system on the device,
    /// a folder on the host). A write may be torn by a power cut: callers that need atomicity
    /// keep two copies (see Core's TwoSlotRecordStore).
    /// </summary>
    public interface INonVolatileStore
    {
        /// <summary>Reads the blob called name into buffer.</summary>
        /// <param name="name">A short file name: letters, digits, '.', '-' and '_'.</param>
        /// <param name="buffer">Destination; a blob longer than the buffer reads as absent-but-damaged (false, length = -1).</param>
        /// <param name="length">Bytes read, 0 when the blob does not exist.</param>
        /// <returns>True when the blob exists and fitted in the buffer.</returns>
        bool TryRead(string name, byte[] buffer, out int length);

        /// <summary>Replaces the blob called name with data[0..length).</summary>
        void Write(string name, byte[] data, int length);

        /// <summary>Removes the blob if it exists.</summary>
        void Delete(string name);
    }
}
