using Microsoft.Data.Sqlite;

namespace EdgeController.Ledger;

/// <summary>
/// The ledger's statements for one batch, prepared once and reused for every message of it:
/// re-parsing SQL per message costs more than the insert itself.
/// </summary>
internal sealed class BatchCommands : IDisposable
{
    private readonly SqliteCommand _existing;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _quarantine;
    private readonly SqliteCommand _gap;
    private readonly SqliteCommand _duplicate;

    public BatchCommands(SqliteConnection connection, SqliteTransaction transaction)
    {
        _existing = Prepare(connection, transaction, "SELECT raw FROM ledger WHERE dev = $dev AND seq = $seq", "$dev", "$seq");
        _insert = Prepare(connection, transaction,
            "INSERT INTO ledger(idx, dev, seq, received_ms, raw, prev_hash, hash) VALUES ($idx, $dev, $seq, $received, $raw, $prev, $hash)",
            "$idx", "$dev", "$seq", "$received", "$raw", "$prev", "$hash");
        _quarantine = Prepare(connection, transaction,
            "INSERT INTO quarantine(received_ms, topic, reason, detail, raw, raw_length) VALUES ($received, $topic, $reason, $detail, $raw, $length)",
            "$received", "$topic", "$reason", "$detail", "$raw", "$length");
        _gap = Prepare(connection, transaction,
            "INSERT INTO sequence_gaps(dev, first_missing_seq, last_missing_seq, detected_ms) VALUES ($dev, $first, $last, $detected)",
            "$dev", "$first", "$last", "$detected");
        _duplicate = Prepare(connection, transaction,
            "INSERT INTO counters(name, value) VALUES ('duplicate', 1) ON CONFLICT(name) DO UPDATE SET value = value + 1");
    }

    public byte[]? ExistingRaw(string deviceId, long sequence)
    {
        _existing.Parameters[0].Value = deviceId;
        _existing.Parameters[1].Value = sequence;
        return _existing.ExecuteScalar() as byte[];
    }

    public void Insert(long index, VerifiedReading reading, IncomingMessage message, byte[] previousHash, byte[] hash)
    {
        SqliteParameterCollection parameters = _insert.Parameters;
        parameters[0].Value = index;
        parameters[1].Value = reading.DeviceId;
        parameters[2].Value = reading.Sequence;
        parameters[3].Value = message.ReceivedMilliseconds;
        parameters[4].Value = message.Raw;
        parameters[5].Value = previousHash;
        parameters[6].Value = hash;
        _insert.ExecuteNonQuery();
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

    public void Gap(string deviceId, long firstMissing, long lastMissing, long detectedMilliseconds)
    {
        SqliteParameterCollection parameters = _gap.Parameters;
        parameters[0].Value = deviceId;
        parameters[1].Value = firstMissing;
        parameters[2].Value = lastMissing;
        parameters[3].Value = detectedMilliseconds;
        _gap.ExecuteNonQuery();
    }

    public void CountDuplicate() => _duplicate.ExecuteNonQuery();

    public void Dispose()
    {
        _existing.Dispose();
        _insert.Dispose();
        _quarantine.Dispose();
        _gap.Dispose();
        _duplicate.Dispose();
    }

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] parameterNames)
    {
        SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (string name in parameterNames)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }
}
