using Microsoft.Data.Sqlite;

namespace EdgeController.Ledger;

/// <summary>
/// The gateway's append-only, hash-chained ledger in SQLite (WAL, synchronous FULL, so an entry
/// that Append reported is on disk). Applies the sequence rules of shared/DESIGN.md: a reading
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
        return ledger;
    }

    /// <summary>
    /// Appends a verified reading, or counts it as a duplicate, or quarantines it as stale or
    /// conflicting. Returns what happened; rejectReason is set for <see cref="AppendOutcome.Rejected"/>.
    /// </summary>
    public AppendOutcome Append(VerifiedReading reading, byte[] raw, string? topic, long receivedMilliseconds, out RejectReason rejectReason)
    {
        rejectReason = default;
        lock (_sync)
        {
            using SqliteTransaction transaction = _connection.BeginTransaction();
            byte[]? existing = ExistingRaw(transaction, reading.DeviceId, reading.Sequence);
            if (existing is not null)
            {
                if (existing.AsSpan().SequenceEqual(raw))
                {
                    IncrementCounter(transaction, "duplicate");
                    transaction.Commit();
                    return AppendOutcome.Duplicate;
                }

                rejectReason = RejectReason.ConflictingSequence;
                InsertQuarantine(transaction, receivedMilliseconds, topic, rejectReason, $"seq {reading.Sequence} already accepted with other bytes", raw);
                transaction.Commit();
                return AppendOutcome.Rejected;
            }

            long lastSequence = _lastSequenceByDevice.GetValueOrDefault(reading.DeviceId);
            if (reading.Sequence <= lastSequence)
            {
                rejectReason = RejectReason.StaleSequence;
                InsertQuarantine(transaction, receivedMilliseconds, topic, rejectReason, $"seq {reading.Sequence} is not above the last accepted {lastSequence}", raw);
                transaction.Commit();
                return AppendOutcome.Rejected;
            }

            if (lastSequence > 0 && reading.Sequence > lastSequence + 1)
            {
                InsertGap(transaction, reading.DeviceId, lastSequence + 1, reading.Sequence - 1, receivedMilliseconds);
            }

            long index = _lastIndex + 1;
            byte[] hash = LedgerHash.Compute(_lastHash, index, raw);
            using (SqliteCommand insert = _connection.CreateCommand())
            {
                insert.Transaction = transaction;
                insert.CommandText = "INSERT INTO ledger(idx, dev, seq, received_ms, raw, prev_hash, hash) VALUES ($idx, $dev, $seq, $received, $raw, $prev, $hash)";
                insert.Parameters.AddWithValue("$idx", index);
                insert.Parameters.AddWithValue("$dev", reading.DeviceId);
                insert.Parameters.AddWithValue("$seq", reading.Sequence);
                insert.Parameters.AddWithValue("$received", receivedMilliseconds);
                insert.Parameters.AddWithValue("$raw", raw);
                insert.Parameters.AddWithValue("$prev", _lastHash);
                insert.Parameters.AddWithValue("$hash", hash);
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
            _lastIndex = index;
            _lastHash = hash;
            _lastSequenceByDevice[reading.DeviceId] = reading.Sequence;
            return AppendOutcome.Appended;
        }
    }

    /// <summary>Keeps a rejected message out of the chain, with its reason.</summary>
    public void Quarantine(byte[] raw, string? topic, long receivedMilliseconds, RejectReason reason, string detail)
    {
        lock (_sync)
        {
            using SqliteTransaction transaction = _connection.BeginTransaction();
            InsertQuarantine(transaction, receivedMilliseconds, topic, reason, detail, raw);
            transaction.Commit();
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
    public void Checkpoint()
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

    private byte[]? ExistingRaw(SqliteTransaction transaction, string deviceId, long sequence)
    {
        using SqliteCommand query = _connection.CreateCommand();
        query.Transaction = transaction;
        query.CommandText = "SELECT raw FROM ledger WHERE dev = $dev AND seq = $seq";
        query.Parameters.AddWithValue("$dev", deviceId);
        query.Parameters.AddWithValue("$seq", sequence);
        return query.ExecuteScalar() as byte[];
    }

    private void InsertQuarantine(SqliteTransaction transaction, long receivedMilliseconds, string? topic, RejectReason reason, string detail, byte[] raw)
    {
        using SqliteCommand insert = _connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO quarantine(received_ms, topic, reason, detail, raw, raw_length) VALUES ($received, $topic, $reason, $detail, $raw, $length)";
        insert.Parameters.AddWithValue("$received", receivedMilliseconds);
        insert.Parameters.AddWithValue("$topic", (object?)topic ?? DBNull.Value);
        insert.Parameters.AddWithValue("$reason", reason.ToString());
        insert.Parameters.AddWithValue("$detail", detail);
        insert.Parameters.AddWithValue("$raw", raw.Length <= MaxQuarantinedBytes ? raw : raw[..MaxQuarantinedBytes]);
        insert.Parameters.AddWithValue("$length", raw.Length);
        insert.ExecuteNonQuery();
    }

    private void InsertGap(SqliteTransaction transaction, string deviceId, long firstMissing, long lastMissing, long detectedMilliseconds)
    {
        using SqliteCommand insert = _connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO sequence_gaps(dev, first_missing_seq, last_missing_seq, detected_ms) VALUES ($dev, $first, $last, $detected)";
        insert.Parameters.AddWithValue("$dev", deviceId);
        insert.Parameters.AddWithValue("$first", firstMissing);
        insert.Parameters.AddWithValue("$last", lastMissing);
        insert.Parameters.AddWithValue("$detected", detectedMilliseconds);
        insert.ExecuteNonQuery();
    }

    private void IncrementCounter(SqliteTransaction transaction, string name)
    {
        using SqliteCommand upsert = _connection.CreateCommand();
        upsert.Transaction = transaction;
        upsert.CommandText = "INSERT INTO counters(name, value) VALUES ($name, 1) ON CONFLICT(name) DO UPDATE SET value = value + 1";
        upsert.Parameters.AddWithValue("$name", name);
        upsert.ExecuteNonQuery();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
