using System.CommandLine;
using System.Globalization;
using EdgeController.Ledger;
using Microsoft.Data.Sqlite;

namespace EdgeController.Gateway;

/// <summary>
/// `status`: what an operator asks first: entries, devices and their last seq, gaps, rejections.
/// Everything is read in one read transaction, so during ingest the numbers agree with each
/// other (one snapshot of the WAL), instead of each query seeing a later ledger.
/// </summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        Option<FileInfo> ledger = GatewayOptions.LedgerFile("The ledger database (SQLite) to summarise.");
        Command command = new("status", "Summarise the ledger: entries, each device's last seq and gaps, rejected messages by reason.") { ledger };
        command.SetAction(parseResult => Run(parseResult.GetRequiredValue(ledger)));
        return command;
    }

    private static int Run(FileInfo ledgerFile)
    {
        if (!ledgerFile.Exists)
        {
            Console.Error.WriteLine($"error: ledger '{ledgerFile.FullName}' does not exist");
            return VerifyCommand.ExitCannotRead;
        }

        using SqliteConnection connection = new($"Data Source={ledgerFile.FullName};Mode=ReadOnly;Pooling=False");
        connection.Open();
        // A deferred transaction takes its snapshot at its first read: read at once, so that
        // every query below sees the same ledger. (Plain SQL: Microsoft.Data.Sqlite's transaction
        // object would have to be handed to every command.)
        Scalar(connection, "BEGIN DEFERRED");
        Scalar(connection, "SELECT COUNT(*) FROM ledger");
        bool hasOpenGaps = Scalar(connection, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'open_gaps'") != "0";
        Console.WriteLine($"ledger={ledgerFile.FullName}");
        Console.WriteLine($"entries={Scalar(connection, "SELECT COUNT(*) FROM ledger")}");
        Console.WriteLine($"head_idx={Scalar(connection, "SELECT COALESCE(MAX(idx), 0) FROM ledger")}");
        foreach (string[] row in Rows(connection, """
            SELECT l.dev, COUNT(*), MIN(l.seq), MAX(l.seq), MAX(l.received_ms),
                   (SELECT COUNT(*) FROM sequence_gaps g WHERE g.dev = l.dev),
            """ + (hasOpenGaps ? """
                   (SELECT COALESCE(SUM(g.last_seq - g.first_seq + 1), 0) FROM open_gaps g WHERE g.dev = l.dev),
                   (SELECT COALESCE(SUM(g.last_seq - g.first_seq + 1), 0) FROM lost_ranges g WHERE g.dev = l.dev),
                   (SELECT COUNT(*) FROM gap_fills g WHERE g.dev = l.dev)
            """ : """
                   (SELECT COALESCE(SUM(g.last_missing_seq - g.first_missing_seq + 1), 0) FROM sequence_gaps g WHERE g.dev = l.dev), 0, 0
            """) + """
            FROM ledger l GROUP BY l.dev ORDER BY l.dev
            """))
        {
            string lastReceived = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(row[4], CultureInfo.InvariantCulture)).ToString("O", CultureInfo.InvariantCulture);
            Console.WriteLine($"device={row[0]} entries={row[1]} first_seq={row[2]} last_seq={row[3]} last_received={lastReceived} gaps={row[5]} missing={row[6]} lost={row[7]} filled={row[8]}");
        }

        foreach (string[] row in Rows(connection, "SELECT reason, COUNT(*) FROM quarantine GROUP BY reason ORDER BY reason"))
        {
            Console.WriteLine($"rejected.{row[0]}={row[1]}");
        }

        Console.WriteLine($"duplicates={Scalar(connection, "SELECT COALESCE((SELECT value FROM counters WHERE name = 'duplicate'), 0)")}");
        Scalar(connection, "COMMIT");
        return 0;
    }

    private static string Scalar(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture) ?? "";
    }

    private static List<string[]> Rows(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        using SqliteDataReader reader = command.ExecuteReader();
        List<string[]> rows = [];
        while (reader.Read())
        {
            string[] row = new string[reader.FieldCount];
            for (int i = 0; i < row.Length; i++)
            {
                row[i] = Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture) ?? "";
            }

            rows.Add(row);
        }

        return rows;
    }
}
