using EdgeController.Ledger.Audit;
using Microsoft.Data.Sqlite;

namespace EdgeController.Ledger;

/// <summary>
/// The gateway's append-only, hash-chained ledger in SQLite (WAL, synchronous FULL, so an entry
/// that Append reported is on disk). Applies the sequence rules of docs/design.md: a reading
/// is appended when its seq is above the device's last accepted one, or lies in a recorded gap of
/// that device (the gap is filled, exactly once; the chain keeps arrival order); a redelivery of
/// the same bytes is counted and dropped; anything else goes to quarantine with its reason; gaps
/// are recorded, and a gap the device's signed dropped event covers is closed as lost. One
/// writer: calls are serialized internally.
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
    private BatchCommands? _commands; // prepared on the first batch, kept until Dispose

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
        Execute(connection, "PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;");
        // A ledger from before gap filling recorded its gaps in sequence_gaps only, and none of them
        // was ever filled: they are all still open.
        Execute(connection, """
            BEGIN;
            INSERT INTO open_gaps(dev, first_seq, last_seq)
                SELECT dev, first_missing_seq, last_missing_seq FROM sequence_gaps
                WHERE NOT EXISTS (SELECT 1 FROM counters WHERE name = 'open_gaps_since');
            INSERT OR IGNORE INTO counters(name, value) VALUES ('open_gaps_since', 1);
            COMMIT;
            """);
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
    public LedgerDecision[] AppendBatch(IReadOnlyList<IncomingMessage> messages, IReadOnlyList<VerificationResult> verifications) =>
        AppendBatch(messages, verifications, out _);

    /// <summary>As <see cref="AppendBatch(IReadOnlyList{IncomingMessage}, IReadOnlyList{VerificationResult})"/>, with the gaps the batch opened, filled or closed as lost.</summary>
    public LedgerDecision[] AppendBatch(IReadOnlyList<IncomingMessage> messages, IReadOnlyList<VerificationResult> verifications, out IReadOnlyList<GapChange> gapChanges)
    {
        if (messages.Count != verifications.Count)
        {
            throw new ArgumentException("one verification per message");
        }

        lock (_sync)
        {
            LedgerDecision[] decisions = new LedgerDecision[messages.Count];
            Dictionary<string, long> pendingLastSequence = new(StringComparer.Ordinal);
            List<GapChange> changes = [];
            long index = _lastIndex;
            byte[] hash = _lastHash;
            BatchCommands commands = _commands ??= new BatchCommands(_connection);
            using SqliteTransaction transaction = _connection.BeginTransaction();
            commands.Use(transaction);
            MerkleBatch tree = _tree.BeginBatch(); // audit (issue 14)
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
                bool fillsGap = false;
                if (reading.Sequence <= lastSequence)
                {
                    // Only a seq at or below the last accepted can fill a gap or already be in the
                    // ledger, so both lookups are skipped on the common path.
                    fillsGap = commands.TryFill(reading.DeviceId, reading.Sequence, index + 1, message.ReceivedMilliseconds);
                    if (!fillsGap)
                    {
                        decisions[i] = DecideAtOrBelowLast(commands, message, reading, lastSequence);
                        continue;
                    }

                    changes.Add(new GapChange(reading.DeviceId, GapChangeKind.Filled, reading.Sequence, reading.Sequence));
                }
                else
                {
                    if (lastSequence > 0 && reading.Sequence > lastSequence + 1)
                    {
                        commands.OpenGap(reading.DeviceId, lastSequence + 1, reading.Sequence - 1, message.ReceivedMilliseconds);
                        changes.Add(new GapChange(reading.DeviceId, GapChangeKind.Opened, lastSequence + 1, reading.Sequence - 1));
                    }

                    pendingLastSequence[reading.DeviceId] = reading.Sequence;
                }

                index++;
                byte[] entryHash = LedgerHash.Compute(hash, index, message.Raw);
                commands.Insert(index, reading, message, hash, entryHash);
                tree.Append(message.Raw); // audit (issue 14)
                hash = entryHash;
                if (reading.ReportsDropped)
                {
                    // The device signed that it dropped these: what of them is still missing is
                    // closed as lost, recorded with the event's idx, and never asked for again.
                    foreach ((long first, long last) in commands.CloseLost(reading.DeviceId, reading.DroppedFirst, reading.DroppedLast, index, message.ReceivedMilliseconds))
                    {
                        changes.Add(new GapChange(reading.DeviceId, GapChangeKind.Lost, first, last));
                    }
                }

                decisions[i] = new LedgerDecision(AppendOutcome.Appended, default, fillsGap);
            }

            transaction.Commit();
            gapChanges = changes;
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

    // --- market (issue 13): the gateway's own records ---------------------------------------

    /// <summary>
    /// Appends a record the gateway signed itself (device ids starting with '_', such as
    /// `_market`) to the chain, after every entry so far: the caller chose its seq, which must be
    /// above that device's last one. Returns the new entry's idx. The device rules of
    /// <see cref="AppendBatch"/> do not apply: nothing here came from outside.
    /// </summary>
    public long AppendGatewayRecord(string deviceId, long sequence, byte[] raw, long receivedMilliseconds) =>
        AppendGatewayRecords(deviceId, [(sequence, raw)], receivedMilliseconds);

    /// <summary>
    /// Appends several such records in one transaction, as consecutive entries: nothing else can
    /// come between them, and either all are in the ledger or none (a slot's settlement pass,
    /// whose records rest on the same readings). Their seqs must rise. Returns the last idx.
    /// </summary>
    public long AppendGatewayRecords(string deviceId, IReadOnlyList<(long Sequence, byte[] Raw)> records, long receivedMilliseconds)
    {
        if (!deviceId.StartsWith('_'))
        {
            throw new ArgumentException("gateway records use a reserved device id starting with '_'", nameof(deviceId));
        }

        lock (_sync)
        {
            long lastSequence = _lastSequenceByDevice.GetValueOrDefault(deviceId);
            foreach ((long sequence, _) in records)
            {
                if (sequence <= lastSequence)
                {
                    throw new ArgumentException($"seq {sequence} is not above {deviceId}'s last", nameof(records));
                }

                lastSequence = sequence;
            }

            long index = _lastIndex;
            byte[] hash = _lastHash;
            // The records enter the Merkle tree in the same transaction as the chain, like any entry (issue 14).
            BatchCommands commands = _commands ??= new BatchCommands(_connection);
            using SqliteTransaction transaction = _connection.BeginTransaction();
            commands.Use(transaction);
            MerkleBatch tree = _tree.BeginBatch();
            foreach ((long sequence, byte[] raw) in records)
            {
                index++;
                byte[] entryHash = LedgerHash.Compute(hash, index, raw);
                commands.Insert(index, deviceId, sequence, receivedMilliseconds, raw, hash, entryHash);
                tree.Append(raw);
                hash = entryHash;
            }

            transaction.Commit();
            tree.Committed();
            _lastIndex = index;
            _lastHash = hash;
            _lastSequenceByDevice[deviceId] = lastSequence;
            return index;
        }
    }

    /// <summary>
    /// Appends gateway records built from the ledger as it stands: build runs under the writer's
    /// lock, after every entry committed so far and before any other, so that nothing can come
    /// between what it read and what it appends. A settlement computed from a device's readings,
    /// with one more reading of that device appended before it, would not reproduce when an
    /// auditor replays it from the entries below its idx. build returns the records (none: nothing
    /// is appended). Returns the last idx.
    /// </summary>
    public long AppendGatewayRecords(string deviceId, Func<IReadOnlyList<(long Sequence, byte[] Raw)>> build, long receivedMilliseconds)
    {
        lock (_sync)
        {
            IReadOnlyList<(long Sequence, byte[] Raw)> records = build();
            return records.Count == 0 ? _lastIndex : AppendGatewayRecords(deviceId, records, receivedMilliseconds);
        }
    }

    // --- end market -------------------------------------------------------------------------

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

    /// <summary>Seqs still missing, per device, as ranges in seq order (all devices when deviceId is null).</summary>
    public IReadOnlyList<(string DeviceId, long First, long Last)> OpenGaps(string? deviceId = null) =>
        Ranges("SELECT dev, first_seq, last_seq FROM open_gaps" + (deviceId is null ? "" : " WHERE dev = $dev") + " ORDER BY dev, first_seq", deviceId);

    /// <summary>Ranges closed as lost by a device's signed dropped event, in the order they were closed.</summary>
    public IReadOnlyList<(string DeviceId, long First, long Last)> LostRanges(string? deviceId = null) =>
        Ranges("SELECT dev, first_seq, last_seq FROM lost_ranges" + (deviceId is null ? "" : " WHERE dev = $dev") + " ORDER BY id", deviceId);

    /// <summary>
    /// The device's high-water mark: every seq at or below it is in the ledger or closed as lost
    /// (the last accepted seq when nothing is missing, else one below the first missing seq); 0
    /// for a device the ledger has no entry of. The seqs before a device's first entry are not
    /// asked for: a ledger that starts late starts that device's chain where it joins.
    /// </summary>
    public long HighWaterMark(string deviceId)
    {
        lock (_sync)
        {
            long last = _lastSequenceByDevice.GetValueOrDefault(deviceId);
            using SqliteCommand query = _connection.CreateCommand();
            query.CommandText = "SELECT MIN(first_seq) FROM open_gaps WHERE dev = $dev";
            query.Parameters.AddWithValue("$dev", deviceId);
            return query.ExecuteScalar() is long firstMissing ? Math.Min(last, firstMissing - 1) : last;
        }
    }

    /// <summary>Devices with at least one entry, in ordinal order.</summary>
    public IReadOnlyList<string> DeviceIds()
    {
        lock (_sync)
        {
            return _lastSequenceByDevice.Keys.Order(StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>
    /// The cmdseq for the next command of this kind to the device, stored before it is returned:
    /// one above the last one, and at least the current Unix time in ms, so a gateway whose
    /// database was lost or another process that sends commands still counts upwards.
    /// </summary>
    public long NextCommandSequence(string deviceId, string kind, long unixTimeMilliseconds)
    {
        lock (_sync)
        {
            using SqliteCommand upsert = _connection.CreateCommand();
            upsert.CommandText = """
                INSERT INTO command_sequences(dev, kind, last_cmdseq) VALUES ($dev, $kind, MAX(1, $now))
                ON CONFLICT(dev, kind) DO UPDATE SET last_cmdseq = MAX(last_cmdseq + 1, $now)
                RETURNING last_cmdseq
                """;
            upsert.Parameters.AddWithValue("$dev", deviceId);
            upsert.Parameters.AddWithValue("$kind", kind);
            upsert.Parameters.AddWithValue("$now", unixTimeMilliseconds);
            return (long)upsert.ExecuteScalar()!;
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
            _commands?.Dispose();
            _tree.ReleaseStatements();
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

    private List<(string, long, long)> Ranges(string sql, string? deviceId)
    {
        lock (_sync)
        {
            List<(string, long, long)> ranges = [];
            using SqliteCommand query = _connection.CreateCommand();
            query.CommandText = sql;
            if (deviceId is not null)
            {
                query.Parameters.AddWithValue("$dev", deviceId);
            }

            using SqliteDataReader reader = query.ExecuteReader();
            while (reader.Read())
            {
                ranges.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
            }

            return ranges;
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
