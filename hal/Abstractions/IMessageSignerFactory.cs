namespace EdgeController.Hal
{
    /// <summary>
    /// Makes the platform's HMAC-SHA256 signers (the ESP32's crypto library, the BCL on a PC), so
    /// Core's composition root can build the device key's signer from the settings it reads
    /// without naming a platform.
    /// </summary>
    public interface IMessageSignerFactory
    {
        /// <summary>A signer for keyId and key; with a null key, one without a key (it signs with zeros under key id "none").</summary>
        IKeyedMessageSigner Create(string keyId, byte[] key);
    }
}
