using Microsoft.Data.Sqlite;

namespace EdgeController.Ledger.Audit;

/// <summary>
/// Signed tree heads in the ledger's checkpoints table, beside the HMAC checkpoints: idx is the
/// tree size, hash the root, message the note. A row is one or the other by its message's first
/// bytes ("EC1|" for the HMAC envelope, the origin "ec/v1/" for a tree head).
/// </summary>
public static class TreeHeadStore
{
    /// <summary>True when a checkpoints row's message is a signed tree head, not an HMAC checkpoint.</summary>
    public static bool IsTreeHead(byte[] message) => message.AsSpan().StartsWith("ec/v1/"u8);

    /// <summary>The newest stored head (largest size, then latest), or null.</summary>
    public static SignedTreeHead? Newest(SqliteConnection connection) => Query(connection, "SELECT message FROM checkpoints WHERE substr(message, 1, 6) = X'65632f76312f' ORDER BY idx DESC, id DESC", null, null);

    /// <summary>The stored head of this size, or null (with origin: only that origin's).</summary>
    public static SignedTreeHead? AtSize(SqliteConnection connection, long size, string? origin = null) =>
        Query(connection, "SELECT message FROM checkpoints WHERE substr(message, 1, 6) = X'65632f76312f' AND idx = $size ORDER BY id DESC", size, origin);

    internal static void Insert(SqliteConnection connection, SignedTreeHead head, long unixTimeMilliseconds)
    {
        using SqliteCommand insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO checkpoints(idx, hash, created_ms, message) VALUES ($idx, $hash, $created, $message)";
        insert.Parameters.AddWithValue("$idx", head.Size);
        insert.Parameters.AddWithValue("$hash", head.Root);
        insert.Parameters.AddWithValue("$created", unixTimeMilliseconds);
        insert.Parameters.AddWithValue("$message", head.Note);
        insert.ExecuteNonQuery();
    }

    private static SignedTreeHead? Query(SqliteConnection connection, string sql, long? size, string? origin)
    {
        using SqliteCommand query = connection.CreateCommand();
        query.CommandText = sql;
        if (size is long s)
        {
            query.Parameters.AddWithValue("$size", s);
        }

        using SqliteDataReader reader = query.ExecuteReader();
        while (reader.Read())
        {
            SignedTreeHead? head = SignedTreeHead.ParseNote((byte[])reader.GetValue(0));
            if (head is not null && (origin is null || head.Origin == origin))
            {
                return head;
            }
        }

        return null;
    }
}
