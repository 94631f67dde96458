using EdgeController.Ledger;
using Microsoft.Data.Sqlite;

namespace EdgeController.Gateway.Tests;

/// <summary>What a ledger must hold after a fault: nothing lost, nothing twice, a chain that verifies.</summary>
public static class LedgerAssertions
{
    /// <summary>
    /// Every device of the registry has every seq from 1 to its last exactly once in the ledger, no
    /// gap is open, and the chain and its signatures verify. Returns the ledger's entries.
    /// </summary>
    public static long AssertEverySeqOnceAndChainVerifies(string ledgerPath, string keysPath)
    {
        KeyRegistry registry = KeyRegistry.Load(keysPath);
        long entries = 0;
        using (SqliteConnection connection = new($"Data Source={ledgerPath};Mode=ReadOnly;Pooling=False"))
        {
            connection.Open();
            foreach (string device in registry.DeviceIds)
            {
                using SqliteCommand query = connection.CreateCommand();
                query.CommandText = "SELECT COUNT(*), COUNT(DISTINCT seq), MIN(seq), MAX(seq) FROM ledger WHERE dev = $dev";
                query.Parameters.AddWithValue("$dev", device);
                using SqliteDataReader reader = query.ExecuteReader();
                reader.Read();
                long count = reader.GetInt64(0);
                Assert.True(count > 0, $"{device}: nothing in the ledger");
                // Every seq from 1 to the last, exactly once: no gap, no duplicate.
                Assert.Equal([reader.GetInt64(3), reader.GetInt64(3), 1], new[] { count, reader.GetInt64(1), reader.GetInt64(2) });
                entries += count;
            }
        }

        using (LedgerDatabase ledger = LedgerDatabase.Open(ledgerPath))
        {
            Assert.Empty(ledger.OpenGaps());
        }

        ChainVerification verification = LedgerChainVerifier.Verify(ledgerPath, registry);
        Assert.True(verification.IsValid, verification.Problem);
        return entries;
    }

    /// <summary>Entries in the ledger now, read while a gateway may be writing it (0 when it does not exist yet or is locked).</summary>
    public static long CountEntries(string ledgerPath)
    {
        if (!File.Exists(ledgerPath))
        {
            return 0;
        }

        try
        {
            using SqliteConnection connection = new($"Data Source={ledgerPath};Mode=ReadOnly;Pooling=False");
            connection.Open();
            using SqliteCommand count = connection.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM ledger";
            return (long)count.ExecuteScalar()!;
        }
        catch (SqliteException)
        {
            return 0;
        }
    }
}
