using System.Buffers.Binary;
using System.Security.Cryptography;

namespace EdgeController.Ledger;

/// <summary>The chain rule of docs/design.md: hash = SHA-256(prev_hash || index as 8 bytes big-endian || raw).</summary>
public static class LedgerHash
{
    /// <summary>Bytes of a hash.</summary>
    public const int Bytes = 32;

    /// <summary>prev_hash of the first entry: 32 zero bytes.</summary>
    public static byte[] Genesis() => new byte[Bytes];

    /// <summary>The hash of entry index with the given previous hash and raw bytes.</summary>
    public static byte[] Compute(ReadOnlySpan<byte> previousHash, long index, ReadOnlySpan<byte> raw)
    {
        using IncrementalHash sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(previousHash);
        Span<byte> indexBytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(indexBytes, index);
        sha.AppendData(indexBytes);
        sha.AppendData(raw);
        return sha.GetHashAndReset();
    }
}
