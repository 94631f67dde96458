using EdgeController.Ledger.Audit;
using Microsoft.Data.Sqlite;

namespace EdgeController.Ledger;

/// <summary>
/// The gateway's append-only, hash-chained ledger in SQLite (WAL, synchronous FULL, so an entry
/// that Append reported is on disk). Applies the sequence rules of docs/design.md: a reading
/// is appended only when its seq is above the device's last accepted one; a redelivery of the
/// same bytes is counted and dropped; anything else goes to quarantine with its reason; gaps are
/// recorded. One writer: calls are serialized internally.
/// </summary>
public sealed class LedgerDatabase : IDisposable
{
    /// <summary>Quarantined raw bytes are cut to this length (an oversized message must not fill the disk).</summary>
    public const int MaxQuarantinedBytes = 4096;

    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, long> _lastSequenceByDevice = new(StringComparer.Ordinal);
    private readonly object _sync = new();
    private long _lastIndex;
    private byte[] _lastHash = LedgerHash.Genesis();
    private MerkleStore _tree = null!; // audit (issue 14)

    private LedgerDatabase(SqliteConnection connection)
    {
        _connection = connection;
    }

    /// <summary>The ledger file.</summary>
    public string Path { get; private init; } = "";

    /// <summary>Index of the newest entry (0 when empty).</summary>
    public long LastIndex
    {
        get
        {
            lock (_sync)
            {
                return _lastIndex;
            }
        }
    }

    /// <summary>The Merkle tree over the entries, kept in the same transactions (audit, issue 14).</summary>
    public MerkleStore Tree => _tree;

    /// <summary>Hash of the newest entry (32 zero bytes when empty).</summary>
    public byte[] LastHash
    {
        get
        {
            lock (_sync)
            {
                return (byte[])_lastHash.Clone();
            }
        }
    }

    /// <summary>Opens or creates a ledger file.</summary>
    public static LedgerDatabase Open(string path)
    {
        string? folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        SqliteConnection connection = new(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        connection.Open();
        Execute(connection, LedgerSchema.CreateStatements);
        Execute(connection, "PRAGMA synchronous = FULL;");
        LedgerDatabase ledger = new(connection) { Path = path };
        ledger.LoadTail();
        ledger._tree = MerkleStore.Open(connection, ledger._sync, ledger._lastIndex); // audit (issue 14)
        return ledger;
    }

    /// <summary>
    /// Applies the acceptance rules to a batch of checked messages in one transaction (one fsync
    /// for the lot, which is what makes ingest fast) and returns a decision per message, in order.
    /// Invalid messages are quarantined with their reason. Nothing of the batch is visible, in the
    /// file or in memory, unless all of it committed.
    /// </summary>
    public LedgerDecision[] AppendBatch(IReadOnlyList<IncomingMessage> messages, IReadOnlyList<VerificationResult> verifications)
    {
        if (messages.Count != verifications.Count)
        {
            throw new ArgumentException("one verification per message");
        }

        lock (_sync)
        {
            LedgerDecision[] decisions = new LedgerDecision[messages.Count];
            Dictionary<string, long> pendingLastSequence = new(StringComparer.Ordinal);
            long index = _lastIndex;
            byte[] hash = _lastHash;
            using SqliteTransaction transaction = _connection.BeginTransaction();
            using BatchCommands commands = new(_connection, transaction);
            using MerkleBatch tree = _tree.BeginBatch(transaction); // audit (issue 14)
            for (int i = 0; i < messages.Count; i++)
            {
                IncomingMessage message = messages[i];
                VerificationResult verification = verifications[i];
                if (!verification.IsValid)
                {
                    commands.Quarantine(message, verification.Reason, verification.Detail);
                    decisions[i] = new LedgerDecision(AppendOutcome.Rejected, verification.Reason);
                    continue;
                }

                VerifiedReading reading = verification.Reading!;
                long lastSequence = pendingLastSequence.TryGetValue(reading.DeviceId, out long pending)
                    ? pending
                    : _lastSequenceByDevice.GetValueOrDefault(reading.DeviceId);
                if (reading.Sequence <= lastSequence)
                {
                    // Only a seq at or below the last accepted can already be in the ledger, so
                    // the lookup is skipped on the common path.
                    decisions[i] = DecideAtOrBelowLast(commands, message, reading, lastSequence);
                    continue;
                }

                if (lastSequence > 0 && reading.Sequence > lastSequence + 1)
                {
                    commands.Gap(reading.DeviceId, lastSequence + 1, reading.Sequence - 1, message.ReceivedMilliseconds);
                }

                index++;
                byte[] entryHash = LedgerHash.Compute(hash, index, message.Raw);
                commands.Insert(index, reading, message, hash, entryHash);
                tree.Append(message.Raw); // audit (issue 14)
                hash = entryHash;
                pendingLastSequence[reading.DeviceId] = reading.Sequence;
                decisions[i] = new LedgerDecision(AppendOutcome.Appended, default);
            }

            transaction.Commit();
            tree.Committed(); // audit (issue 14)
            _lastIndex = index;
            _lastHash = hash;
            foreach ((string deviceId, long sequence) in pendingLastSequence)
            {
                _lastSequenceByDevice[deviceId] = sequence;
            }

            return decisions;
        }
    }

    private static LedgerDecision DecideAtOrBelowLast(BatchCommands commands, IncomingMessage message, VerifiedReading reading, long lastSequence)
    {
        byte[]? existing = commands.ExistingRaw(reading.DeviceId, reading.Sequence);
        if (existing is null)
        {
            commands.Quarantine(message, RejectReason.StaleSequence, $"seq {reading.Sequence} is not above the last accepted {lastSequence}");
            return new LedgerDecision(AppendOutcome.Rejected, RejectReason.StaleSequence);
        }

        if (existing.AsSpan().SequenceEqual(message.Raw))
        {
            commands.CountDuplicate();
            return new LedgerDecision(AppendOutcome.Duplicate, default);
        }

        commands.Quarantine(message, RejectReason.ConflictingSequence, $"seq {reading.Sequence} already accepted with other bytes");
        return new LedgerDecision(AppendOutcome.Rejected, RejectReason.ConflictingSequence);
    }

    /// <summary>
    /// Signs the current head with the gateway's key and stores the checkpoint; returns its
    /// message (to publish retained), or null when the ledger is empty.
    /// </summary>
    public byte[]? Checkpoint(string gatewayId, GatewayKey key, long unixTimeMilliseconds)
    {
        lock (_sync)
        {
            if (_lastIndex == 0)
            {
                return null;
            }

            byte[] message = LedgerCheckpoint.Create(gatewayId, key, _lastIndex, _lastHash, unixTimeMilliseconds);
            using SqliteCommand insert = _connection.CreateCommand();
            insert.CommandText = "INSERT INTO checkpoints(idx, hash, created_ms, message) VALUES ($idx, $hash, $created, $message)";
            insert.Parameters.AddWithValue("$idx", _lastIndex);
            insert.Parameters.AddWithValue("$hash", _lastHash);
            insert.Parameters.AddWithValue("$created", unixTimeMilliseconds);
            insert.Parameters.AddWithValue("$message", message);
            insert.ExecuteNonQuery();
            return message;
        }
    }

    /// <summary>Quarantined messages by reason.</summary>
    public IReadOnlyDictionary<string, long> QuarantineCountsByReason() => CountsBy("SELECT reason, COUNT(*) FROM quarantine GROUP BY reason");

    /// <summary>A counter's value (e.g. "duplicate"), 0 when never counted.</summary>
    public long Counter(string name)
    {
        lock (_sync)
        {
            using SqliteCommand query = _connection.CreateCommand();
            query.CommandText = "SELECT value FROM counters WHERE name = $name";
            query.Parameters.AddWithValue("$name", name);
            return query.ExecuteScalar() is long value ? value : 0;
        }
    }

    /// <summary>Gaps recorded: device, first and last missing seq.</summary>
    public IReadOnlyList<(string DeviceId, long FirstMissing, long LastMissing)> Gaps()
    {
        lock (_sync)
        {
            List<(string, long, long)> gaps = [];
            using SqliteCommand query = _connection.CreateCommand();
            query.CommandText = "SELECT dev, first_missing_seq, last_missing_seq FROM sequence_gaps ORDER BY id";
            using SqliteDataReader reader = query.ExecuteReader();
            while (reader.Read())
            {
                gaps.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
            }

            return gaps;
        }
    }

    /// <summary>Entries per device.</summary>
    public IReadOnlyDictionary<string, long> EntryCountsByDevice() => CountsBy("SELECT dev, COUNT(*) FROM ledger GROUP BY dev");

    /// <summary>Moves the WAL into the main file, so that a copy of the .db alone is complete.</summary>
    public void FlushWriteAheadLog()
    {
        lock (_sync)
        {
            Execute(_connection, "PRAGMA wal_checkpoint(TRUNCATE);");
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_sync)
        {
            _connection.Dispose();
        }
    }

    private Dictionary<string, long> CountsBy(string groupedCountQuery)
    {
        lock (_sync)
        {
            Dictionary<string, long> counts = new(StringComparer.Ordinal);
            using SqliteCommand query = _connection.CreateCommand();
            query.CommandText = groupedCountQuery;
            using SqliteDataReader reader = query.ExecuteReader();
            while (reader.Read())
            {
                counts[reader.GetString(0)] = reader.GetInt64(1);
            }

            return counts;
        }
    }

    private void LoadTail()
    {
        using (SqliteCommand tail = _connection.CreateCommand())
        {
            tail.CommandText = "SELECT idx, hash FROM ledger ORDER BY idx DESC LIMIT 1";
            using SqliteDataReader reader = tail.ExecuteReader();
            if (reader.Read())
            {
                _lastIndex = reader.GetInt64(0);
                _lastHash = (byte[])reader.GetValue(1);
            }
        }

        using SqliteCommand perDevice = _connection.CreateCommand();
        perDevice.CommandText = "SELECT dev, MAX(seq) FROM ledger GROUP BY dev";
        using SqliteDataReader rows = perDevice.ExecuteReader();
        while (rows.Read())
        {
            _lastSequenceByDevice[rows.GetString(0)] = rows.GetInt64(1);
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
