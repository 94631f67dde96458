namespace EdgeController.Ledger.Audit;

/// <summary>
/// RFC 9162 section 2.1 as small pure functions: the hash of a range of leaves, inclusion and
/// consistency proofs, and their verification. Leaves are 0-based here (entry idx N is leaf N-1).
/// Producing a proof takes a source of complete-subtree hashes (level, index), so a store that
/// keeps those answers in O(log n) look-ups; verifying needs nothing but the proof.
/// </summary>
public static class MerkleProofs
{
    /// <summary>
    /// MTH(D[start:end]) from complete-subtree hashes. In RFC 9162's recursions every range's
    /// start is aligned to the largest power of two below its size, so the left half is always one
    /// complete subtree and only the right edge recurses: O(log n) look-ups.
    /// </summary>
    public static byte[] RangeHash(long start, long end, Func<int, long, byte[]> completeSubtree)
    {
        long size = end - start;
        if (size <= 0)
        {
            return MerkleHash.Empty();
        }

        if ((size & (size - 1)) == 0 && start % size == 0)
        {
            int level = Log2(size);
            return completeSubtree(level, start >> level);
        }

        long split = LargestPowerOfTwoBelow(size);
        return MerkleHash.Node(RangeHash(start, start + split, completeSubtree), RangeHash(start + split, end, completeSubtree));
    }

    /// <summary>PATH(m, D[n]) of RFC 9162 2.1.3.1, leaf m of a tree of size n, leaf first.</summary>
    public static List<byte[]> Inclusion(long leafIndex, long treeSize, Func<int, long, byte[]> completeSubtree)
    {
        if (leafIndex < 0 || leafIndex >= treeSize)
        {
            throw new ArgumentOutOfRangeException(nameof(leafIndex), $"leaf {leafIndex} is not in a tree of size {treeSize}");
        }

        List<byte[]> path = [];
        AddPath(leafIndex, 0, treeSize, completeSubtree, path);
        return path;
    }

    /// <summary>PROOF(m, D[n]) of RFC 9162 2.1.4.1: that the tree of size first is a prefix of the tree of size second.</summary>
    public static List<byte[]> Consistency(long first, long second, Func<int, long, byte[]> completeSubtree)
    {
        if (first < 0 || first > second)
        {
            throw new ArgumentOutOfRangeException(nameof(first), $"no consistency proof from size {first} to {second}");
        }

        List<byte[]> path = [];
        if (first > 0 && first < second)
        {
            AddSubproof(first, 0, second, true, completeSubtree, path);
        }

        return path;
    }

    /// <summary>RFC 9162 2.1.3.2: true when path proves leafHash is leaf leafIndex of the tree with this root.</summary>
    public static bool VerifyInclusion(long leafIndex, long treeSize, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> path, ReadOnlySpan<byte> root)
    {
        if (leafIndex < 0 || leafIndex >= treeSize || leafHash.Length != MerkleHash.Bytes || root.Length != MerkleHash.Bytes)
        {
            return false;
        }

        long fn = leafIndex;
        long sn = treeSize - 1;
        byte[] r = leafHash.ToArray();
        foreach (byte[] p in path)
        {
            if (sn == 0 || p.Length != MerkleHash.Bytes)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                r = MerkleHash.Node(p, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                r = MerkleHash.Node(r, p);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && r.AsSpan().SequenceEqual(root);
    }

    /// <summary>RFC 9162 2.1.4.2: true when path proves the tree (second, secondRoot) extends (first, firstRoot).</summary>
    public static bool VerifyConsistency(long first, long second, ReadOnlySpan<byte> firstRoot, ReadOnlySpan<byte> secondRoot, IReadOnlyList<byte[]> path)
    {
        if (first < 1 || first > second || firstRoot.Length != MerkleHash.Bytes || secondRoot.Length != MerkleHash.Bytes)
        {
            // An empty old tree is consistent with anything, so a proof from it proves nothing: refused.
            return false;
        }

        if (first == second)
        {
            return path.Count == 0 && firstRoot.SequenceEqual(secondRoot);
        }

        List<byte[]> nodes = [.. path];
        if ((first & (first - 1)) == 0)
        {
            nodes.Insert(0, firstRoot.ToArray());
        }

        if (nodes.Count == 0 || nodes.Any(node => node.Length != MerkleHash.Bytes))
        {
            return false;
        }

        long fn = first - 1;
        long sn = second - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        byte[] fr = nodes[0];
        byte[] sr = nodes[0];
        for (int i = 1; i < nodes.Count; i++)
        {
            byte[] c = nodes[i];
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                fr = MerkleHash.Node(c, fr);
                sr = MerkleHash.Node(c, sr);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                sr = MerkleHash.Node(sr, c);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && fr.AsSpan().SequenceEqual(firstRoot) && sr.AsSpan().SequenceEqual(secondRoot);
    }

    /// <summary>The largest power of two strictly below n (n at least 2).</summary>
    public static long LargestPowerOfTwoBelow(long n) => 1L << (63 - (int)long.LeadingZeroCount(n - 1));

    private static void AddPath(long leaf, long start, long end, Func<int, long, byte[]> completeSubtree, List<byte[]> path)
    {
        long size = end - start;
        if (size == 1)
        {
            return;
        }

        long split = LargestPowerOfTwoBelow(size);
        if (leaf < split)
        {
            AddPath(leaf, start, start + split, completeSubtree, path);
            path.Add(RangeHash(start + split, end, completeSubtree));
        }
        else
        {
            AddPath(leaf - split, start + split, end, completeSubtree, path);
            path.Add(RangeHash(start, start + split, completeSubtree));
        }
    }

    private static void AddSubproof(long m, long start, long end, bool whole, Func<int, long, byte[]> completeSubtree, List<byte[]> path)
    {
        long size = end - start;
        if (m == size)
        {
            if (!whole)
            {
                path.Add(RangeHash(start, end, completeSubtree));
            }

            return;
        }

        long split = LargestPowerOfTwoBelow(size);
        if (m <= split)
        {
            AddSubproof(m, start, start + split, whole, completeSubtree, path);
            path.Add(RangeHash(start + split, end, completeSubtree));
        }
        else
        {
            AddSubproof(m - split, start + split, end, false, completeSubtree, path);
            path.Add(RangeHash(start, start + split, completeSubtree));
        }
    }

    private static int Log2(long powerOfTwo) => 63 - (int)long.LeadingZeroCount(powerOfTwo);
}
