namespace EdgeController.Hal
{
    /// <summary>
    /// HMAC-SHA256 under one device key. The key itself never leaves the implementation:
    /// callers see only its id.
    /// </summary>
    public interface IMessageSigner
    {
        /// <summary>The key id published beside each signature (the "kid" of the envelope).</summary>
        string KeyId { get; }

        /// <summary>Computes HMAC-SHA256 over data[offset..offset+count) into the first 32 bytes of mac.</summary>
        void ComputeMac(byte[] data, int offset, int count, byte[] mac);
    }
}
