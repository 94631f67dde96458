using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace EdgeController.Ledger;

/// <summary>
/// An insert prepared once on the connection's own SQLite handle and bound by position, for the
/// statements the append path runs per entry (the ledger row, the Merkle nodes). It runs in
/// whatever transaction the connection is in, like any statement of that connection. Microsoft.Data.Sqlite's
/// ExecuteNonQuery looks every parameter up by name, boxes its value and opens a data reader on each
/// call: about 2.7 us of the 5 us a ledger insert cost, measured single-threaded (issue 12).
/// Not thread-safe; the ledger's lock serializes its users.
/// </summary>
internal sealed class RawStatement : IDisposable
{
    private readonly sqlite3 _database;
    private readonly sqlite3_stmt _statement;

    /// <summary>Prepares sql on connection (open); its parameters are numbered from 1 in order of appearance.</summary>
    public RawStatement(SqliteConnection connection, string sql)
    {
        _database = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
        int result = raw.sqlite3_prepare_v2(_database, sql, out _statement);
        SqliteException.ThrowExceptionForRC(result, _database);
    }

    /// <summary>Binds an integer to parameter number (from 1).</summary>
    public void Bind(int number, long value) => Check(raw.sqlite3_bind_int64(_statement, number, value));

    /// <summary>Binds text to parameter number (from 1).</summary>
    public void Bind(int number, string value) => Check(raw.sqlite3_bind_text(_statement, number, value));

    /// <summary>Binds a BLOB (a copy of the bytes, so the span may change afterwards) to parameter number (from 1).</summary>
    public void Bind(int number, ReadOnlySpan<byte> value) =>
        // An empty span would bind NULL, not an empty BLOB.
        Check(value.IsEmpty ? raw.sqlite3_bind_zeroblob(_statement, number, 0) : raw.sqlite3_bind_blob(_statement, number, value));

    /// <summary>Runs the statement to its end and resets it for the next bindings; throws SqliteException as Microsoft.Data.Sqlite would.</summary>
    public void Execute()
    {
        int result = raw.sqlite3_step(_statement);
        try
        {
            if (result != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(result == raw.SQLITE_ROW ? raw.SQLITE_MISUSE : result, _database);
            }
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _statement.Dispose();

    private void Check(int result) => SqliteException.ThrowExceptionForRC(result, _database);
}
