using System;
using System.Security.Cryptography;

namespace EdgeController.Hal.Esp32
{
    /// <summary>
    /// HMAC-SHA256 under the device key through nanoFramework's native HMACSHA256
    /// (nanoframework/System.Security.Cryptography, HMACSHA256.cs @8678a30: ComputeHash(byte[])
    /// only, no offset/count overload, so the signed range is copied into a scratch buffer sized
    /// to the message and reused while the length repeats).
    /// </summary>
    public sealed class NanoHmacSha256Signer : IMessageSigner, IDisposable
    {
        /// <summary>Length of an HMAC-SHA256, bytes.</summary>
        public const int MacBytes = 32;

        private readonly HMACSHA256 _hmac;
        private byte[] _scratch = new byte[0];

        /// <summary>Keeps the key inside the HMAC instance; the caller should clear its copy.</summary>
        public NanoHmacSha256Signer(string keyId, byte[] key)
        {
            if (key == null || key.Length < 16)
            {
                throw new ArgumentException("a device key has at least 16 bytes", "key");
            }

            KeyId = keyId;
            _hmac = new HMACSHA256(key);
        }

        /// <inheritdoc />
        public string KeyId { get; private set; }

        /// <inheritdoc />
        public void ComputeMac(byte[] data, int offset, int count, byte[] mac)
        {
            byte[] input = data;
            if (offset != 0 || count != data.Length)
            {
                if (_scratch.Length != count)
                {
                    _scratch = new byte[count];
                }

                Array.Copy(data, offset, _scratch, 0, count);
                input = _scratch;
            }

            byte[] hash = _hmac.ComputeHash(input);
            Array.Copy(hash, 0, mac, 0, MacBytes);
        }

        /// <inheritdoc />
        public void Dispose()
        {
            _hmac.Dispose();
        }
    }
}
