using System.Buffers;
using System.Security.Cryptography;

namespace EdgeController.Ledger.Audit;

/// <summary>
/// The hashes of RFC 9162 section 2.1: leaf = SHA-256(0x00 || entry), node = SHA-256(0x01 || left || right),
/// the empty tree = SHA-256(""). The prefixes keep a leaf from ever passing for a node.
/// </summary>
public static class MerkleHash
{
    /// <summary>Bytes of a hash.</summary>
    public const int Bytes = 32;

    /// <summary>The root of the empty tree.</summary>
    public static byte[] Empty() => SHA256.HashData(ReadOnlySpan<byte>.Empty);

    /// <summary>The leaf hash of an entry's raw bytes.</summary>
    public static byte[] Leaf(ReadOnlySpan<byte> raw)
    {
        // One contiguous buffer: SHA256.HashData over a span is the cheapest call .NET offers,
        // cheaper than an IncrementalHash per leaf on the append path.
        byte[] buffer = ArrayPool<byte>.Shared.Rent(raw.Length + 1);
        try
        {
            buffer[0] = 0x00;
            raw.CopyTo(buffer.AsSpan(1));
            return SHA256.HashData(buffer.AsSpan(0, raw.Length + 1));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The hash of an interior node from its children.</summary>
    public static byte[] Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Span<byte> buffer = stackalloc byte[1 + (2 * Bytes)];
        buffer[0] = 0x01;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + Bytes)..]);
        return SHA256.HashData(buffer);
    }
}
