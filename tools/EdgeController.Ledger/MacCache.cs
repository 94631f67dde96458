using System.Security.Cryptography;

namespace EdgeController.Ledger;

/// <summary>
/// HMAC-SHA256 with one keyed hash object per key and thread, reused: the one-shot call sets up
/// a new keyed context in the platform's crypto library each time, which cost about half of the
/// MAC itself on a 500-byte reading (issue 12). Objects are found by the key array (the registry
/// holds its own copies and replaces, never rewrites, them), and used only while their copy of the
/// key still equals it, so no change of a key can leave a MAC computed with the old bytes.
/// </summary>
internal static class MacCache
{
    /// <summary>Keys kept per thread before the cache starts over (a site has a few dozen devices).</summary>
    private const int MaxKeysPerThread = 4096;

    [ThreadStatic]
    private static Dictionary<byte[], (byte[] Key, IncrementalHash Mac)>? t_macs;

    /// <summary>Writes HMAC-SHA256(key, data) to destination (32 bytes).</summary>
    public static void Compute(byte[] key, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        Dictionary<byte[], (byte[] Key, IncrementalHash Mac)> macs = t_macs ??= new(ReferenceEqualityComparer.Instance);
        if (!macs.TryGetValue(key, out (byte[] Key, IncrementalHash Mac) cached) || !cached.Key.AsSpan().SequenceEqual(key))
        {
            if (macs.Count >= MaxKeysPerThread)
            {
                foreach ((byte[] _, IncrementalHash mac) in macs.Values)
                {
                    mac.Dispose();
                }

                macs.Clear();
            }

            cached.Mac?.Dispose();
            cached = ((byte[])key.Clone(), IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key));
            macs[key] = cached;
        }

        cached.Mac.AppendData(data);
        cached.Mac.GetHashAndReset(destination);
    }
}
