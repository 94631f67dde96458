using EdgeController.Hal;
using EdgeController.Hal.Esp32;

namespace EdgeController.Device
{
    /// <summary>The ESP32's HMAC-SHA256 signers (nanoFramework's System.Security.Cryptography) for Core's composition root.</summary>
    public sealed class NanoSignerFactory : IMessageSignerFactory
    {
        /// <inheritdoc />
        public IKeyedMessageSigner Create(string keyId, byte[] key)
        {
            return key == null ? new NanoHmacSha256Signer() : new NanoHmacSha256Signer(keyId, key);
        }
    }
}
