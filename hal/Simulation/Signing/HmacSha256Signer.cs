using System.Security.Cryptography;

namespace EdgeController.Hal.Simulation.Signing;

/// <summary>HMAC-SHA256 under one device key, on the BCL. The key stays inside.</summary>
public sealed class HmacSha256Signer : IMessageSigner
{
    /// <summary>Key length the project provisions: 32 bytes, the hash's own size (RFC 2104 §3).</summary>
    public const int KeyBytes = 32;

    private readonly byte[] _key;

    /// <summary>Creates a signer for a key id and its key.</summary>
    public HmacSha256Signer(string keyId, byte[] key)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < 16)
        {
            throw new ArgumentException("an HMAC key needs at least 16 bytes", nameof(key));
        }

        KeyId = keyId;
        _key = (byte[])key.Clone();
    }

    /// <inheritdoc />
    public string KeyId { get; }

    /// <inheritdoc />
    public void ComputeMac(byte[] data, int offset, int count, byte[] mac)
    {
        HMACSHA256.HashData(_key, data.AsSpan(offset, count), mac.AsSpan(0, HMACSHA256.HashSizeInBytes));
    }
}
