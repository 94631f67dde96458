namespace EdgeController.Ledger.Audit;

/// <summary>
/// The leaves one ledger batch appends, in its transaction: a private copy of the tree's right
/// edge, so a batch that rolls back leaves the tree in memory as it was. The node insert is the
/// store's, prepared once, and runs in the connection's transaction (the ledger batch's).
/// </summary>
internal sealed class MerkleBatch
{
    private readonly MerkleStore _store;
    private readonly RawStatement _insert;
    private readonly byte[]?[] _frontier;
    private long _size;

    public MerkleBatch(MerkleStore store, RawStatement insert, byte[]?[] frontier, long size)
    {
        _store = store;
        _frontier = frontier;
        _size = size;
        _insert = insert;
    }

    /// <summary>Adds the entry with these raw bytes as the next leaf.</summary>
    public void Append(ReadOnlySpan<byte> raw)
    {
        if (_store.SkippedForMeasurement)
        {
            return;
        }

        byte[] carry = MerkleHash.Leaf(raw);
        int level = 0;
        // Each set low bit of the old size is a complete subtree on the edge that the new leaf
        // completes one level higher, exactly like a binary counter's carry.
        while ((_size & (1L << level)) != 0)
        {
            carry = MerkleHash.Node(_frontier[level]!, carry);
            _frontier[level] = null;
            level++;
            if (level >= MerkleStore.FirstStoredLevel)
            {
                long index = ((_size + 1) >> level) - 1;
                _insert.Bind(1, MerkleStore.NodeId(level, index));
                _insert.Bind(2, level);
                _insert.Bind(3, index);
                _insert.Bind(4, carry);
                _insert.Execute();
            }
        }

        _frontier[level] = carry;
        _size++;
    }

    /// <summary>Call after the transaction committed: the tree in memory takes the batch's edge.</summary>
    public void Committed() => _store.Adopt(_frontier, _size);
}
