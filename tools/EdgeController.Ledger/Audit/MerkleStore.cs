using Microsoft.Data.Sqlite;

namespace EdgeController.Ledger.Audit;

/// <summary>
/// The Merkle tree over the ledger (RFC 9162, entries in idx order), kept by the ledger's writer
/// in the same transaction as the entries. Stored: every complete subtree hash from level
/// <see cref="FirstStoredLevel"/> up (16 leaves and more), one row per 8 entries on average; the
/// levels below are recomputed from at most 16 raw entries when a proof needs them, which keeps
/// a proof O(log n) to produce while the append path writes an eighth of a row per entry. The
/// right edge of the tree (one hash per level) is held in memory, so an append reads nothing.
/// </summary>
public sealed class MerkleStore
{
    /// <summary>The lowest level whose complete subtrees are stored (level 4: 16 leaves).</summary>
    public const int FirstStoredLevel = 4;

    internal const string CreateStatements = """
        CREATE TABLE IF NOT EXISTS merkle_nodes(
            id INTEGER PRIMARY KEY,
            level INTEGER NOT NULL,
            idx INTEGER NOT NULL,
            hash BLOB NOT NULL);
        """;

    private readonly SqliteConnection _connection;
    private readonly object _sync;
    private byte[]?[] _frontier = new byte[64][];
    private long _size;
    private RawStatement? _insert; // made on the first batch, kept until the ledger closes

    private MerkleStore(SqliteConnection connection, object sync)
    {
        _connection = connection;
        _sync = sync;
    }

    /// <summary>
    /// For the bench only (ec-bench measures the append rate without the tree on the same path):
    /// when set, appends skip the tree and it no longer matches the ledger.
    /// </summary>
    internal bool SkippedForMeasurement { get; set; }

    /// <summary>Leaves in the tree (equals the ledger's last idx).</summary>
    public long Size
    {
        get
        {
            lock (_sync)
            {
                return _size;
            }
        }
    }

    /// <summary>The root of the whole tree now.</summary>
    public byte[] Root()
    {
        lock (_sync)
        {
            return FoldRoot(_frontier, _size);
        }
    }

    /// <summary>
    /// Opens the tree of a ledger whose last idx is ledgerSize, building what is missing (a
    /// ledger written before the tree existed gets it here, in one transaction).
    /// </summary>
    internal static MerkleStore Open(SqliteConnection connection, object sync, long ledgerSize)
    {
        using (SqliteCommand create = connection.CreateCommand())
        {
            create.CommandText = CreateStatements;
            create.ExecuteNonQuery();
        }

        MerkleStore store = new(connection, sync);
        long covered = 0;
        using (SqliteCommand last = connection.CreateCommand())
        {
            // The newest node is the highest one completed by the last whole 16-leaf block.
            last.CommandText = "SELECT level, idx FROM merkle_nodes ORDER BY id DESC LIMIT 1";
            using SqliteDataReader reader = last.ExecuteReader();
            if (reader.Read())
            {
                covered = (reader.GetInt64(1) + 1) << reader.GetInt32(0);
            }
        }

        // The stored nodes cover whole 16-leaf blocks; rebuild the right edge from them...
        covered = Math.Min(covered, ledgerSize & ~((1L << FirstStoredLevel) - 1));
        long offset = 0;
        for (int level = 62; level >= FirstStoredLevel; level--)
        {
            if ((covered & (1L << level)) != 0)
            {
                store._frontier[level] = StoredNode(connection, null, level, offset >> level)
                    ?? throw new InvalidOperationException($"the ledger's Merkle tree lacks node ({level}, {offset >> level})");
                offset += 1L << level;
            }
        }

        store._size = covered;

        // ...then append the entries after them (the last partial block, or a whole old ledger).
        if (covered < ledgerSize)
        {
            using SqliteTransaction transaction = connection.BeginTransaction();
            MerkleBatch batch = store.BeginBatch();
            using (SqliteCommand raws = connection.CreateCommand())
            {
                raws.Transaction = transaction;
                raws.CommandText = "SELECT raw FROM ledger WHERE idx > $from ORDER BY idx";
                raws.Parameters.AddWithValue("$from", covered);
                using SqliteDataReader reader = raws.ExecuteReader();
                while (reader.Read())
                {
                    batch.Append((byte[])reader.GetValue(0));
                }
            }

            transaction.Commit();
            batch.Committed();
        }

        return store;
    }

    /// <summary>
    /// Starts appending within the ledger's transaction, open on the connection (the node insert
    /// runs in it); nothing changes in memory until <see cref="MerkleBatch.Committed"/>.
    /// </summary>
    internal MerkleBatch BeginBatch() =>
        // Bound by position on the connection's handle, like the ledger insert (RawStatement).
        new(this, _insert ??= new RawStatement(_connection, "INSERT INTO merkle_nodes(id, level, idx, hash) VALUES (?1, ?2, ?3, ?4)"), (byte[]?[])_frontier.Clone(), _size);

    /// <summary>Releases the prepared insert, before the ledger closes its connection.</summary>
    internal void ReleaseStatements() => _insert?.Dispose();

    /// <summary>
    /// Signs the tree's current head for site with the gateway's key and stores it in the
    /// checkpoints table, unless one at this size is stored already (then that one is returned).
    /// Null when the ledger is empty.
    /// </summary>
    public SignedTreeHead? SignHead(GatewaySigningKey key, string site, long unixTimeMilliseconds)
    {
        lock (_sync)
        {
            if (_size == 0)
            {
                return null;
            }

            string origin = SignedTreeHead.OriginFor(site);
            SignedTreeHead? existing = TreeHeadStore.AtSize(_connection, _size, origin);
            if (existing is not null && existing.Verify(key.PublicKey))
            {
                return existing;
            }

            SignedTreeHead head = SignedTreeHead.Sign(key, origin, _size, FoldRoot(_frontier, _size));
            TreeHeadStore.Insert(_connection, head, unixTimeMilliseconds);
            return head;
        }
    }

    internal void Adopt(byte[]?[] frontier, long size)
    {
        _frontier = frontier;
        _size = size;
    }

    internal static byte[]? StoredNode(SqliteConnection connection, SqliteTransaction? transaction, int level, long index)
    {
        using SqliteCommand query = connection.CreateCommand();
        query.Transaction = transaction;
        query.CommandText = "SELECT hash FROM merkle_nodes WHERE id = $id";
        query.Parameters.AddWithValue("$id", NodeId(level, index));
        return query.ExecuteScalar() as byte[];
    }

    /// <summary>
    /// The row id of the complete subtree (level, index), level at least 4: how many stored nodes
    /// were completed before it. It is completed by leaf n = (index + 1) * 2^level; before that
    /// leaf, floor((n - 1) / 2^l) nodes of each stored level l were; at it, levels 4..level-1 first.
    /// </summary>
    public static long NodeId(int level, long index)
    {
        long leaves = (index + 1) << level;
        long before = 0;
        for (int l = FirstStoredLevel; l < 63; l++)
        {
            before += (leaves - 1) >> l;
        }

        return before + (level - FirstStoredLevel) + 1;
    }

    /// <summary>The root from the right edge: the complete subtrees of the size's set bits, folded from the smallest.</summary>
    internal static byte[] FoldRoot(byte[]?[] frontier, long size)
    {
        byte[]? root = null;
        for (int level = 0; level < 63; level++)
        {
            if ((size & (1L << level)) != 0)
            {
                root = root is null ? frontier[level]! : MerkleHash.Node(frontier[level]!, root);
            }
        }

        return root ?? MerkleHash.Empty();
    }
}
