namespace EdgeController.Hal
{
    /// <summary>
    /// Small named blobs on non-volatile memory (the internal flash file system on the device,
    /// a folder on the host). A write or an append may be torn by a power cut: callers that need
    /// atomicity keep two copies (see Core's TwoSlotRecordStore), or check each appended entry
    /// (see Core's FlashLog).
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

        /// <summary>
        /// Adds data[offset..offset+length) at the end of the blob called name, creating it when it
        /// does not exist. Only these bytes are written: the blob's earlier bytes are not rewritten.
        /// A power cut may leave any prefix of them.
        /// </summary>
        void Append(string name, byte[] data, int offset, int length);

        /// <summary>
        /// Reads up to count bytes of the blob from position into buffer[offset..]. Returns the
        /// bytes read: fewer near the end, 0 at or past the end or when the blob does not exist.
        /// </summary>
        int ReadAt(string name, int position, byte[] buffer, int offset, int count);

        /// <summary>The blob's length in bytes, or -1 when it does not exist.</summary>
        int SizeOf(string name);
    }
}
