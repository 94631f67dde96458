using EdgeController.Ledger;
using EdgeController.Ledger.Audit;
using Microsoft.Data.Sqlite;

namespace EdgeController.Gateway.Tests.Audit;

/// <summary>The tree the ledger keeps as it appends agrees with the tree recomputed from its entries, across reopen and catch-up.</summary>
public sealed class LedgerTreeTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string LedgerPath => _folder.File("site1.db");

    internal static void Fill(string path, int from, int to, int batch = 7)
    {
        using LedgerDatabase ledger = LedgerDatabase.Open(path);
        LedgerIngestor ingestor = new(SignedReadings.Registry(), ledger, () => 0);
        for (int seq = from; seq <= to; seq += batch)
        {
            ingestor.IngestBatch(Enumerable.Range(seq, Math.Min(batch, to - seq + 1))
                .Select(s => new IncomingMessage(SignedReadings.Topic("dev-a"), SignedReadings.Reading("dev-a", s, energyMilliwattHours: s * 10), 0)).ToList());
        }
    }

    private static byte[] ReferenceRoot(string path, long size)
    {
        List<byte[]> leaves = [];
        using SqliteConnection connection = new($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using SqliteCommand query = connection.CreateCommand();
        query.CommandText = "SELECT raw FROM ledger WHERE idx <= $size ORDER BY idx";
        query.Parameters.AddWithValue("$size", size);
        using SqliteDataReader reader = query.ExecuteReader();
        while (reader.Read())
        {
            leaves.Add((byte[])reader.GetValue(0));
        }

        return MerkleProofs.RangeHash(0, leaves.Count, (level, index) =>
        {
            List<byte[]> hashes = leaves.Skip((int)(index << level)).Take(1 << level).Select(raw => MerkleHash.Leaf(raw)).ToList();
            while (hashes.Count > 1)
            {
                hashes = hashes.Chunk(2).Select(pair => MerkleHash.Node(pair[0], pair[1])).ToList();
            }

            return hashes[0];
        });
    }

    [Fact]
    public void TreeKeptOnAppend_IsTheTreeOfTheEntries_AcrossReopen()
    {
        Fill(LedgerPath, 1, 45);
        Fill(LedgerPath, 46, 100, batch: 13);

        using (LedgerDatabase ledger = LedgerDatabase.Open(LedgerPath))
        {
            Assert.Equal(100, ledger.Tree.Size);
            Assert.Equal(ReferenceRoot(LedgerPath, 100), ledger.Tree.Root());
        }

        using MerkleReader reader = MerkleReader.Open(LedgerPath);
        foreach (long size in new long[] { 1, 15, 16, 17, 33, 64, 99, 100 })
        {
            byte[] root = ReferenceRoot(LedgerPath, size);
            Assert.Equal(root, reader.Root(size));
            foreach (long idx in new long[] { 1, size / 2 + 1, size })
            {
                List<byte[]> path = reader.Inclusion(idx, size);
                Assert.True(MerkleProofs.VerifyInclusion(idx - 1, size, MerkleHash.Leaf(reader.Raw(idx)), path, root), $"idx {idx} in {size}");
            }

            Assert.True(MerkleProofs.VerifyConsistency(size, 100, root, reader.Root(100), reader.Consistency(size, 100)));
        }
    }

    [Fact]
    public void LedgerWrittenBeforeTheTree_GetsItOnOpen()
    {
        Fill(LedgerPath, 1, 40);
        using (SqliteConnection connection = new($"Data Source={LedgerPath};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand drop = connection.CreateCommand();
            drop.CommandText = "DROP TABLE merkle_nodes";
            drop.ExecuteNonQuery();
        }

        Assert.Throws<InvalidOperationException>(() => MerkleReader.Open(LedgerPath));
        using LedgerDatabase ledger = LedgerDatabase.Open(LedgerPath);
        Assert.Equal(ReferenceRoot(LedgerPath, 40), ledger.Tree.Root());
        using MerkleReader reader = MerkleReader.Open(LedgerPath);
        Assert.Equal(ReferenceRoot(LedgerPath, 40), reader.Root(40));
    }

    [Fact]
    public void SignedHead_IsStoredOncePerSize_AndHmacCheckpointsStillVerify()
    {
        Fill(LedgerPath, 1, 5);
        GatewayKey hmacKey = GatewayKey.LoadOrCreate(_folder.File("gateway-key.json"));
        using GatewaySigningKey key = GatewaySigningKey.LoadOrCreate(_folder.File("gw.pem"));
        using (LedgerDatabase ledger = LedgerDatabase.Open(LedgerPath))
        {
            Assert.NotNull(ledger.Checkpoint("gateway-site1", hmacKey, 1));
            SignedTreeHead first = ledger.Tree.SignHead(key, "site1", 2)!;
            SignedTreeHead again = ledger.Tree.SignHead(key, "site1", 3)!;
            Assert.Equal(first.Signature, again.Signature);
            Assert.Equal("ec/v1/site1/ledger\n5\n" + Convert.ToBase64String(first.Root) + "\n", System.Text.Encoding.ASCII.GetString(first.Checkpoint));
            Assert.True(first.Verify(key.PublicKey));
            SignedTreeHead parsed = SignedTreeHead.ParseNote(first.Note)!;
            Assert.Equal((first.Origin, first.Size), (parsed.Origin, parsed.Size));
            Assert.Equal(first.Root, parsed.Root);
            Assert.Equal(first.Signature, parsed.Signature);
            Assert.EndsWith("\n\n\u2014 ec/v1/site1/ledger " + Convert.ToBase64String(first.Signature) + "\n", System.Text.Encoding.UTF8.GetString(first.Note), StringComparison.Ordinal);
        }

        Assert.Equal((1, ""), CheckpointVerifier.Verify(LedgerPath, hmacKey));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_folder.File("gw.pem")));
        }
    }
}
