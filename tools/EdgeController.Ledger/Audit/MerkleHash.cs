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

    [ThreadStatic]
    private static IncrementalHash? t_sha;

    [ThreadStatic]
    private static byte[]? t_buffer;

    /// <summary>The leaf hash of an entry's raw bytes.</summary>
    public static byte[] Leaf(ReadOnlySpan<byte> raw)
    {
        // One hash object per thread, reset after each use, and the prefix and bytes handed over
        // in one call: each call into the platform's SHA-256 costs about as much as hashing a
        // reading, and the append path's budget is a few microseconds (measured by ec-bench audit).
        byte[] buffer = Buffer(raw.Length + 1);
        buffer[0] = 0x00;
        raw.CopyTo(buffer.AsSpan(1));
        return Hash(buffer.AsSpan(0, raw.Length + 1));
    }

    /// <summary>The hash of an interior node from its children.</summary>
    public static byte[] Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Span<byte> buffer = stackalloc byte[1 + left.Length + right.Length];
        buffer[0] = 0x01;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + left.Length)..]);
        return Hash(buffer);
    }

    /// <summary>SHA-256 with this thread's reused hash object.</summary>
    internal static byte[] Hash(ReadOnlySpan<byte> data)
    {
        IncrementalHash sha = t_sha ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(data);
        return sha.GetHashAndReset();
    }

    /// <summary>This thread's scratch buffer of at least length bytes.</summary>
    internal static byte[] Buffer(int length)
    {
        byte[]? buffer = t_buffer;
        if (buffer is null || buffer.Length < length)
        {
            buffer = t_buffer = new byte[Math.Max(length, 1024)];
        }

        return buffer;
    }
}
