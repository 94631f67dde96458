using Microsoft.Data.Sqlite;

namespace EdgeController.Ledger;

/// <summary>
/// The ledger's append statements, prepared once per connection and reused for every message of
/// every batch (<see cref="Use"/> binds them to each batch's transaction): re-parsing SQL per
/// message cost more than the insert itself, and preparing the eleven of them per batch cost
/// about 150 us, which a batch of 20 messages paid at 7 us each (issue 12). The ledger insert,
/// which every entry runs, is a <see cref="RawStatement"/>; the others run rarely.
/// </summary>
internal sealed class BatchCommands : IDisposable
{
    private readonly SqliteCommand _existing;
    private readonly RawStatement _insert;
    private readonly SqliteCommand _quarantine;
    private readonly SqliteCommand _gap;
    private readonly SqliteCommand _duplicate;
    private readonly SqliteCommand _openGap;
    private readonly SqliteCommand _findOpenGap;
    private readonly SqliteCommand _overlappingOpenGaps;
    private readonly SqliteCommand _deleteOpenGap;
    private readonly SqliteCommand _lost;
    private readonly SqliteCommand _fill;

    private readonly SqliteCommand[] _all;

    public BatchCommands(SqliteConnection connection)
    {
        _existing = Prepare(connection, "SELECT raw FROM ledger WHERE dev = $dev AND seq = $seq", "$dev", "$seq");
        // The one statement every entry runs: bound by position on the handle (RawStatement).
        _insert = new RawStatement(connection,
            "INSERT INTO ledger(idx, dev, seq, received_ms, raw, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        _quarantine = Prepare(connection,
            "INSERT INTO quarantine(received_ms, topic, reason, detail, raw, raw_length) VALUES ($received, $topic, $reason, $detail, $raw, $length)",
            "$received", "$topic", "$reason", "$detail", "$raw", "$length");
        _gap = Prepare(connection,
            "INSERT INTO sequence_gaps(dev, first_missing_seq, last_missing_seq, detected_ms) VALUES ($dev, $first, $last, $detected)",
            "$dev", "$first", "$last", "$detected");
        _duplicate = Prepare(connection,
            "INSERT INTO counters(name, value) VALUES ('duplicate', 1) ON CONFLICT(name) DO UPDATE SET value = value + 1");
        _openGap = Prepare(connection,
            "INSERT INTO open_gaps(dev, first_seq, last_seq) VALUES ($dev, $first, $last)", "$dev", "$first", "$last");
        _findOpenGap = Prepare(connection,
            "SELECT id, first_seq, last_seq FROM open_gaps WHERE dev = $dev AND first_seq <= $seq AND last_seq >= $seq LIMIT 1", "$dev", "$seq");
        _overlappingOpenGaps = Prepare(connection,
            "SELECT id, first_seq, last_seq FROM open_gaps WHERE dev = $dev AND first_seq <= $last AND last_seq >= $first ORDER BY first_seq", "$dev", "$first", "$last");
        _deleteOpenGap = Prepare(connection, "DELETE FROM open_gaps WHERE id = $id", "$id");
        _lost = Prepare(connection,
            "INSERT INTO lost_ranges(dev, first_seq, last_seq, event_idx, closed_ms) VALUES ($dev, $first, $last, $idx, $closed)",
            "$dev", "$first", "$last", "$idx", "$closed");
        _fill = Prepare(connection,
            "INSERT INTO gap_fills(dev, seq, idx, filled_ms) VALUES ($dev, $seq, $idx, $filled)", "$dev", "$seq", "$idx", "$filled");
        _all = [_existing, _quarantine, _gap, _duplicate, _openGap, _findOpenGap, _overlappingOpenGaps, _deleteOpenGap, _lost, _fill];
    }

    /// <summary>Runs the statements in transaction from now on (the batch's; SQLite keeps them prepared across transactions).</summary>
    public void Use(SqliteTransaction transaction)
    {
        foreach (SqliteCommand command in _all)
        {
            command.Transaction = transaction;
        }
    }

    public byte[]? ExistingRaw(string deviceId, long sequence)
    {
        _existing.Parameters[0].Value = deviceId;
        _existing.Parameters[1].Value = sequence;
        return _existing.ExecuteScalar() as byte[];
    }

    public void Insert(long index, VerifiedReading reading, IncomingMessage message, byte[] previousHash, byte[] hash) =>
        Insert(index, reading.DeviceId, reading.Sequence, message.ReceivedMilliseconds, message.Raw, previousHash, hash);

    /// <summary>One chain entry: a device's message, or one of the gateway's own records.</summary>
    public void Insert(long index, string deviceId, long sequence, long receivedMilliseconds, byte[] raw, byte[] previousHash, byte[] hash)
    {
        _insert.Bind(1, index);
        _insert.Bind(2, deviceId);
        _insert.Bind(3, sequence);
        _insert.Bind(4, receivedMilliseconds);
        _insert.Bind(5, raw);
        _insert.Bind(6, previousHash);
        _insert.Bind(7, hash);
        _insert.Execute();
    }

    public void Quarantine(IncomingMessage message, RejectReason reason, string detail)
    {
        byte[] raw = message.Raw;
        SqliteParameterCollection parameters = _quarantine.Parameters;
        parameters[0].Value = message.ReceivedMilliseconds;
        parameters[1].Value = (object?)message.Topic ?? DBNull.Value;
        parameters[2].Value = reason.ToString();
        parameters[3].Value = detail;
        parameters[4].Value = raw.Length <= LedgerDatabase.MaxQuarantinedBytes ? raw : raw[..LedgerDatabase.MaxQuarantinedBytes];
        parameters[5].Value = raw.Length;
        _quarantine.ExecuteNonQuery();
    }

    private void Gap(string deviceId, long firstMissing, long lastMissing, long detectedMilliseconds)
    {
        SqliteParameterCollection parameters = _gap.Parameters;
        parameters[0].Value = deviceId;
        parameters[1].Value = firstMissing;
        parameters[2].Value = lastMissing;
        parameters[3].Value = detectedMilliseconds;
        _gap.ExecuteNonQuery();
    }

    public void CountDuplicate() => _duplicate.ExecuteNonQuery();

    /// <summary>Records first..last as missing (and in the history of detected gaps).</summary>
    public void OpenGap(string deviceId, long firstMissing, long lastMissing, long detectedMilliseconds)
    {
        Gap(deviceId, firstMissing, lastMissing, detectedMilliseconds);
        InsertOpenGap(deviceId, firstMissing, lastMissing);
    }

    /// <summary>
    /// When seq lies in an open gap of the device, takes it out of the gap (splitting it), records
    /// which entry filled it and returns true; false when seq is not missing.
    /// </summary>
    public bool TryFill(string deviceId, long sequence, long index, long filledMilliseconds)
    {
        _findOpenGap.Parameters[0].Value = deviceId;
        _findOpenGap.Parameters[1].Value = sequence;
        long id;
        long first;
        long last;
        using (SqliteDataReader reader = _findOpenGap.ExecuteReader())
        {
            if (!reader.Read())
            {
                return false;
            }

            (id, first, last) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        }

        DeleteOpenGap(id);
        if (first < sequence)
        {
            InsertOpenGap(deviceId, first, sequence - 1);
        }

        if (sequence < last)
        {
            InsertOpenGap(deviceId, sequence + 1, last);
        }

        SqliteParameterCollection parameters = _fill.Parameters;
        parameters[0].Value = deviceId;
        parameters[1].Value = sequence;
        parameters[2].Value = index;
        parameters[3].Value = filledMilliseconds;
        _fill.ExecuteNonQuery();
        return true;
    }

    /// <summary>
    /// Closes as lost what is still missing of first..last (a signed dropped event at entry
    /// eventIndex reported those seqs dropped): those parts leave open_gaps for lost_ranges.
    /// Returns the ranges closed.
    /// </summary>
    public List<(long First, long Last)> CloseLost(string deviceId, long first, long last, long eventIndex, long closedMilliseconds)
    {
        List<(long Id, long First, long Last)> overlapping = [];
        SqliteParameterCollection query = _overlappingOpenGaps.Parameters;
        query[0].Value = deviceId;
        query[1].Value = first;
        query[2].Value = last;
        using (SqliteDataReader reader = _overlappingOpenGaps.ExecuteReader())
        {
            while (reader.Read())
            {
                overlapping.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)));
            }
        }

        List<(long, long)> closed = [];
        foreach ((long id, long gapFirst, long gapLast) in overlapping)
        {
            DeleteOpenGap(id);
            long lostFirst = Math.Max(first, gapFirst);
            long lostLast = Math.Min(last, gapLast);
            if (gapFirst < lostFirst)
            {
                InsertOpenGap(deviceId, gapFirst, lostFirst - 1);
            }

            if (lostLast < gapLast)
            {
                InsertOpenGap(deviceId, lostLast + 1, gapLast);
            }

            SqliteParameterCollection parameters = _lost.Parameters;
            parameters[0].Value = deviceId;
            parameters[1].Value = lostFirst;
            parameters[2].Value = lostLast;
            parameters[3].Value = eventIndex;
            parameters[4].Value = closedMilliseconds;
            _lost.ExecuteNonQuery();
            closed.Add((lostFirst, lostLast));
        }

        return closed;
    }

    private void InsertOpenGap(string deviceId, long first, long last)
    {
        SqliteParameterCollection parameters = _openGap.Parameters;
        parameters[0].Value = deviceId;
        parameters[1].Value = first;
        parameters[2].Value = last;
        _openGap.ExecuteNonQuery();
    }

    private void DeleteOpenGap(long id)
    {
        _deleteOpenGap.Parameters[0].Value = id;
        _deleteOpenGap.ExecuteNonQuery();
    }

    public void Dispose()
    {
        foreach (SqliteCommand command in _all)
        {
            command.Dispose();
        }

        _insert.Dispose();
    }

    private static SqliteCommand Prepare(SqliteConnection connection, string sql, params string[] parameterNames)
    {
        SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (string name in parameterNames)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }
}
