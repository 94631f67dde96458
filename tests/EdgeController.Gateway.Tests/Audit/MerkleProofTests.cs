using EdgeController.Ledger.Audit;

namespace EdgeController.Gateway.Tests.Audit;

/// <summary>
/// RFC 9162's algorithms against the fixed vectors of the RFC 6962 reference data (as
/// transparency-dev/merkle tests them): roots of every size, proofs, and tampered proofs refused.
/// </summary>
public sealed class MerkleProofTests
{
    private static readonly byte[][] s_leaves = new[] { "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f" }
        .Select(Convert.FromHexString).ToArray();

    private static readonly string[] s_roots =
    [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    /// <summary>(leaf, 1-based as in the vectors; size; path).</summary>
    public static TheoryData<long, long, string[]> InclusionVectors => new()
    {
        { 1, 1, [] },
        { 1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"] },
        { 6, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"] },
        { 3, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"] },
        { 2, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"] },
    };

    public static TheoryData<long, long, string[]> ConsistencyVectors => new()
    {
        { 1, 1, [] },
        { 1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"] },
        { 6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"] },
        { 2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"] },
        { 6, 7, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"] },
    };

    /// <summary>Complete subtrees straight from the leaves, the reference the store must agree with.</summary>
    private static byte[] Subtree(int level, long index)
    {
        long first = index << level;
        List<byte[]> hashes = s_leaves.Skip((int)first).Take(1 << level).Select(leaf => MerkleHash.Leaf(leaf)).ToList();
        while (hashes.Count > 1)
        {
            hashes = hashes.Chunk(2).Select(pair => MerkleHash.Node(pair[0], pair[1])).ToList();
        }

        return hashes[0];
    }

    private static byte[] Root(long size) => MerkleProofs.RangeHash(0, size, Subtree);

    [Fact]
    public void Roots_OfEverySize_MatchTheReference()
    {
        for (int size = 0; size <= 8; size++)
        {
            Assert.Equal(s_roots[size], Convert.ToHexStringLower(Root(size)));
        }
    }

    [Theory]
    [MemberData(nameof(InclusionVectors))]
    public void InclusionProof_IsTheVector_AndVerifies(long leaf, long size, string[] expected)
    {
        List<byte[]> path = MerkleProofs.Inclusion(leaf - 1, size, Subtree);

        Assert.Equal(expected, path.Select(Convert.ToHexStringLower));
        Assert.True(MerkleProofs.VerifyInclusion(leaf - 1, size, MerkleHash.Leaf(s_leaves[leaf - 1]), path, Root(size)));
    }

    [Theory]
    [MemberData(nameof(InclusionVectors))]
    public void TamperedInclusionProofs_AreRefused(long leaf, long size, string[] expected)
    {
        List<byte[]> path = expected.Select(Convert.FromHexString).ToList();
        byte[] leafHash = MerkleHash.Leaf(s_leaves[leaf - 1]);
        byte[] root = Root(size);
        long index = leaf - 1;

        Assert.False(MerkleProofs.VerifyInclusion(index - 1, size, leafHash, path, root));
        Assert.False(MerkleProofs.VerifyInclusion(index + 1, size, leafHash, path, root));
        Assert.False(MerkleProofs.VerifyInclusion(index, size * 2, leafHash, path, root));
        Assert.False(MerkleProofs.VerifyInclusion(index, size, MerkleHash.Leaf("WrongLeaf"u8), path, root));
        Assert.False(MerkleProofs.VerifyInclusion(index, size, leafHash, path, MerkleHash.Empty()));
        Assert.False(MerkleProofs.VerifyInclusion(index, size, leafHash, [.. path, root], root));
        Assert.False(MerkleProofs.VerifyInclusion(index, size, leafHash, [root, .. path], root));
        for (int i = 0; i < path.Count; i++)
        {
            List<byte[]> flipped = path.Select(hash => (byte[])hash.Clone()).ToList();
            flipped[i][0] ^= 8;
            Assert.False(MerkleProofs.VerifyInclusion(index, size, leafHash, flipped, root));
        }

        if (path.Count > 0)
        {
            Assert.False(MerkleProofs.VerifyInclusion(index, size, leafHash, path[..^1], root));
        }
    }

    [Theory]
    [MemberData(nameof(ConsistencyVectors))]
    public void ConsistencyProof_IsTheVector_AndVerifies(long first, long second, string[] expected)
    {
        List<byte[]> path = MerkleProofs.Consistency(first, second, Subtree);

        Assert.Equal(expected, path.Select(Convert.ToHexStringLower));
        Assert.True(MerkleProofs.VerifyConsistency(first, second, Root(first), Root(second), path));
    }

    [Theory]
    [MemberData(nameof(ConsistencyVectors))]
    public void TamperedConsistencyProofs_AreRefused(long first, long second, string[] expected)
    {
        if (expected.Length == 0)
        {
            return; // as the reference: only non-trivial proofs are mutated
        }

        List<byte[]> path = expected.Select(Convert.FromHexString).ToList();
        byte[] root1 = Root(first);
        byte[] root2 = Root(second);

        Assert.False(MerkleProofs.VerifyConsistency(first - 1, second, root1, root2, path));
        Assert.False(MerkleProofs.VerifyConsistency(first + 1, second, root1, root2, path));
        Assert.False(MerkleProofs.VerifyConsistency(first, second * 2, root1, root2, path));
        Assert.False(MerkleProofs.VerifyConsistency(first, second, root2, root1, path));
        Assert.False(MerkleProofs.VerifyConsistency(first, second, root1, root2, []));
        Assert.False(MerkleProofs.VerifyConsistency(first, second, root1, root2, [.. path, root1]));
        Assert.False(MerkleProofs.VerifyConsistency(first, second, root1, root2, [path[0], .. path]));
        Assert.False(MerkleProofs.VerifyConsistency(first, second, root1, root2, path[..^1]));
        for (int i = 0; i < path.Count; i++)
        {
            List<byte[]> flipped = path.Select(hash => (byte[])hash.Clone()).ToList();
            flipped[i][0] ^= 16;
            Assert.False(MerkleProofs.VerifyConsistency(first, second, root1, root2, flipped));
        }
    }

    [Fact]
    public void EveryProofOfEverySmallTree_Verifies()
    {
        for (long size = 1; size <= 8; size++)
        {
            for (long leaf = 0; leaf < size; leaf++)
            {
                Assert.True(MerkleProofs.VerifyInclusion(leaf, size, MerkleHash.Leaf(s_leaves[leaf]), MerkleProofs.Inclusion(leaf, size, Subtree), Root(size)));
            }

            for (long first = 1; first <= size; first++)
            {
                Assert.True(MerkleProofs.VerifyConsistency(first, size, Root(first), Root(size), MerkleProofs.Consistency(first, size, Subtree)));
            }
        }
    }

    [Fact]
    public void ConsistencyFromTheEmptyTree_ProvesNothing() =>
        Assert.False(MerkleProofs.VerifyConsistency(0, 1, MerkleHash.Empty(), Root(1), []));
}
