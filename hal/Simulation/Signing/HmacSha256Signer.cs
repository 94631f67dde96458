using System.Security.Cryptography;

namespace EdgeController.Hal.Simulation.Signing;

/// <summary>HMAC-SHA256 under one device key, on the BCL. The key stays inside; it can be replaced, never read.</summary>
public sealed class HmacSha256Signer : IKeyedMessageSigner
{
    /// <summary>Key length the project provisions: 32 bytes, the hash's own size (RFC 2104 §3).</summary>
    public const int KeyBytes = 32;

    /// <summary>The key id of a signer without a key.</summary>
    public const string NoKeyId = "none";

    private byte[] _key = [];

    /// <summary>Creates a signer without a key (an unprovisioned device): it signs with zeros under key id "none".</summary>
    public HmacSha256Signer()
    {
        KeyId = NoKeyId;
    }

    /// <summary>Creates a signer for a key id and its key.</summary>
    public HmacSha256Signer(string keyId, byte[] key)
    {
        KeyId = NoKeyId;
        SetKey(keyId, key);
    }

    /// <inheritdoc />
    public string KeyId { get; private set; }

    /// <inheritdoc />
    public bool HasKey => _key.Length > 0;

    /// <inheritdoc />
    public void SetKey(string keyId, byte[] key)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < 16)
        {
            throw new ArgumentException("an HMAC key needs at least 16 bytes", nameof(key));
        }

        _key = (byte[])key.Clone();
        KeyId = keyId;
    }

    /// <inheritdoc />
    public void ComputeMac(byte[] data, int offset, int count, byte[] mac)
    {
        if (_key.Length == 0)
        {
            // No key, no signature: a verifier rejects kid "none" as an unknown key.
            Array.Clear(mac, 0, HMACSHA256.HashSizeInBytes);
            return;
        }

        HMACSHA256.HashData(_key, data.AsSpan(offset, count), mac.AsSpan(0, HMACSHA256.HashSizeInBytes));
    }
}
