using Microsoft.Data.Sqlite;

namespace EdgeController.Ledger;

/// <summary>
/// Checks every stored checkpoint against the gateway's key and against the chain: its signature
/// must verify and the ledger's hash at its idx must be the hash it signed. Names the first that fails.
/// </summary>
public static class CheckpointVerifier
{
    /// <summary>Returns (checkpoints checked, problem or "").</summary>
    public static (int Checked, string Problem) Verify(string ledgerPath, GatewayKey key)
    {
        using SqliteConnection connection = new($"Data Source={ledgerPath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using SqliteCommand query = connection.CreateCommand();
        query.CommandText = "SELECT c.id, c.message, l.hash FROM checkpoints c LEFT JOIN ledger l ON l.idx = c.idx ORDER BY c.id";
        using SqliteDataReader reader = query.ExecuteReader();
        int checkedCount = 0;
        while (reader.Read())
        {
            long id = reader.GetInt64(0);
            if (Audit.TreeHeadStore.IsTreeHead((byte[])reader.GetValue(1)))
            {
                continue; // a signed tree head (issue 14): checked with the public key by `audit`
            }

            (long Index, byte[] Hash)? checkpoint = LedgerCheckpoint.Read((byte[])reader.GetValue(1), key, out string problem);
            if (checkpoint is null)
            {
                return (checkedCount, $"checkpoint {id}: {problem}");
            }

            if (reader.IsDBNull(2))
            {
                return (checkedCount, $"checkpoint {id}: the ledger has no entry idx={checkpoint.Value.Index} (entries were removed)");
            }

            if (!((byte[])reader.GetValue(2)).AsSpan().SequenceEqual(checkpoint.Value.Hash))
            {
                return (checkedCount, $"checkpoint {id}: the ledger's hash at idx={checkpoint.Value.Index} is not the one signed (the chain was rewritten)");
            }

            checkedCount++;
        }

        return (checkedCount, "");
    }
}
