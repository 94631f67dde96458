using System;
using System.Security.Cryptography;

namespace EdgeController.Hal.Esp32
{
    /// <summary>
    /// HMAC-SHA256 under the device key through nanoFramework's native HMACSHA256, as an
    /// <see cref="IKeyedMessageSigner"/> whose key the console can replace.
    /// nanoframework/System.Security.Cryptography, HMACSHA256.cs @8678a30: the HMACSHA256(byte[])
    /// constructor keeps the caller's array itself (no copy) and Dispose clears it; ComputeHash
    /// takes a whole byte[] (no offset/count overload). So this class hands each HMAC instance
    /// its own copy of the key, disposes the old instance when the key changes (which wipes the
    /// old copy), and copies a signed range that is not the whole array into a scratch buffer
    /// sized to the message and reused while the length repeats.
    /// </summary>
    public sealed class NanoHmacSha256Signer : IKeyedMessageSigner, IDisposable
    {
        /// <summary>Length of an HMAC-SHA256, bytes.</summary>
        public const int MacBytes = 32;

        /// <summary>The shortest key accepted, bytes: the floor the host signer (hal/Simulation) enforces too; provisioning makes 32.</summary>
        public const int MinKeyBytes = 16;

        /// <summary>The key id of a signer without a key.</summary>
        public const string NoKeyId = "none";

        private HMACSHA256 _hmac;
        private byte[] _scratch = new byte[0];

        /// <summary>Creates a signer without a key (an unprovisioned device): it signs with zeros under key id "none".</summary>
        public NanoHmacSha256Signer()
        {
            KeyId = NoKeyId;
        }

        /// <summary>Creates a signer for a key id and its key (copied; the caller may clear its array).</summary>
        public NanoHmacSha256Signer(string keyId, byte[] key)
            : this()
        {
            SetKey(keyId, key);
        }

        /// <inheritdoc />
        public string KeyId { get; private set; }

        /// <inheritdoc />
        public bool HasKey
        {
            get { return _hmac != null; }
        }

        /// <inheritdoc />
        public void SetKey(string keyId, byte[] key)
        {
            if (keyId == null || key == null || key.Length < MinKeyBytes)
            {
                throw new ArgumentException("a device key has a key id and at least 16 bytes", "key");
            }

            byte[] copy = new byte[key.Length];
            Array.Copy(key, copy, key.Length);
            HMACSHA256 previous = _hmac;
            _hmac = new HMACSHA256(copy);
            KeyId = keyId;
            if (previous != null)
            {
                previous.Dispose();
            }
        }

        /// <inheritdoc />
        public void ComputeMac(byte[] data, int offset, int count, byte[] mac)
        {
            if (_hmac == null)
            {
                // No key, no signature: a verifier rejects kid "none" as an unknown key.
                Array.Clear(mac, 0, MacBytes);
                return;
            }

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
            if (_hmac != null)
            {
                _hmac.Dispose();
                _hmac = null;
            }
        }
    }
}
