using Microsoft.Data.Sqlite;

namespace EdgeController.Ledger.Audit;

/// <summary>
/// Read-only access to a ledger file's tree, for proofs: complete subtrees from level 4 up come
/// from the stored nodes, those below from the raw entries (at most 16 per look-up). Opening it
/// does not write, so it can run beside a gateway that is appending.
/// </summary>
public sealed class MerkleReader : IDisposable
{
    private readonly SqliteConnection _connection;
    private SqliteCommand? _node;

    private MerkleReader(SqliteConnection connection, long ledgerSize)
    {
        _connection = connection;
        LedgerSize = ledgerSize;
    }

    /// <summary>Entries in the ledger (the largest tree a proof can be for).</summary>
    public long LedgerSize { get; }

    /// <summary>Opens a ledger read-only; throws when its tree lags the entries (a ledger not opened by this gateway version since).</summary>
    public static MerkleReader Open(string ledgerPath)
    {
        SqliteConnection connection = new($"Data Source={ledgerPath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using SqliteCommand size = connection.CreateCommand();
        size.CommandText = "SELECT COALESCE(MAX(idx), 0) FROM ledger";
        long ledgerSize = (long)size.ExecuteScalar()!;
        long covered = -1;
        try
        {
            using SqliteCommand last = connection.CreateCommand();
            last.CommandText = "SELECT level, idx FROM merkle_nodes ORDER BY id DESC LIMIT 1";
            using SqliteDataReader reader = last.ExecuteReader();
            covered = reader.Read() ? (reader.GetInt64(1) + 1) << reader.GetInt32(0) : 0;
        }
        catch (SqliteException)
        {
            // no tree table: a ledger from before the tree
        }

        if (covered < (ledgerSize & ~((1L << MerkleStore.FirstStoredLevel) - 1)))
        {
            connection.Dispose();
            throw new InvalidOperationException($"{ledgerPath}: its Merkle tree is behind its entries; `ec-gateway head` builds it");
        }

        return new MerkleReader(connection, ledgerSize);
    }

    /// <summary>The newest signed tree head stored, or null.</summary>
    public SignedTreeHead? NewestHead() => TreeHeadStore.Newest(_connection);

    /// <summary>The raw bytes of entry idx (from 1).</summary>
    public byte[] Raw(long index)
    {
        using SqliteCommand query = _connection.CreateCommand();
        query.CommandText = "SELECT raw FROM ledger WHERE idx = $idx";
        query.Parameters.AddWithValue("$idx", index);
        return query.ExecuteScalar() as byte[] ?? throw new ArgumentOutOfRangeException(nameof(index), $"the ledger has no entry idx={index}");
    }

    /// <summary>The root of the tree of the first size entries.</summary>
    public byte[] Root(long size) => MerkleProofs.RangeHash(0, CheckSize(size), CompleteSubtree);

    /// <summary>The inclusion proof of entry idx (leaf idx-1) in the tree of size entries.</summary>
    public List<byte[]> Inclusion(long index, long size) => MerkleProofs.Inclusion(index - 1, CheckSize(size), CompleteSubtree);

    /// <summary>The consistency proof from the tree of first entries to that of second.</summary>
    public List<byte[]> Consistency(long first, long second) => MerkleProofs.Consistency(first, CheckSize(second), CompleteSubtree);

    /// <summary>The hash of the complete subtree (level, index): stored, or folded from its raw entries.</summary>
    public byte[] CompleteSubtree(int level, long index)
    {
        if (level >= MerkleStore.FirstStoredLevel)
        {
            // One prepared statement for the O(log n) look-ups of a proof.
            if (_node is null)
            {
                _node = _connection.CreateCommand();
                _node.CommandText = "SELECT hash FROM merkle_nodes WHERE id = $id";
                _node.Parameters.Add(new SqliteParameter { ParameterName = "$id" });
                _node.Prepare();
            }

            _node.Parameters[0].Value = MerkleStore.NodeId(level, index);
            return _node.ExecuteScalar() as byte[]
                ?? throw new InvalidOperationException($"the ledger's Merkle tree lacks node ({level}, {index})");
        }

        long first = (index << level) + 1;
        long count = 1L << level;
        List<byte[]> hashes = new((int)count);
        using (SqliteCommand query = _connection.CreateCommand())
        {
            query.CommandText = "SELECT raw FROM ledger WHERE idx >= $first AND idx < $end ORDER BY idx";
            query.Parameters.AddWithValue("$first", first);
            query.Parameters.AddWithValue("$end", first + count);
            using SqliteDataReader reader = query.ExecuteReader();
            while (reader.Read())
            {
                hashes.Add(MerkleHash.Leaf((byte[])reader.GetValue(0)));
            }
        }

        if (hashes.Count != count)
        {
            throw new InvalidOperationException($"entries {first}..{first + count - 1} are not all in the ledger (entries were removed)");
        }

        while (hashes.Count > 1)
        {
            List<byte[]> up = new(hashes.Count / 2);
            for (int i = 0; i < hashes.Count; i += 2)
            {
                up.Add(MerkleHash.Node(hashes[i], hashes[i + 1]));
            }

            hashes = up;
        }

        return hashes[0];
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _node?.Dispose();
        _connection.Dispose();
    }

    private long CheckSize(long size) => size >= 1 && size <= LedgerSize
        ? size
        : throw new ArgumentOutOfRangeException(nameof(size), $"tree size {size} is not within 1..{LedgerSize}");
}
