using EdgeController.Ledger.Readings;
using Microsoft.Data.Sqlite;

namespace EdgeController.Gateway.Serve;

/// <summary>
/// Reads a ledger that another process (ec-gateway run) may be writing, over a read-only SQLite
/// connection, and keeps per device what the web view shows: the newest reading, counts, and the
/// power of every 5-minute slot by device time for the day charts. Each <see cref="Poll"/> reads
/// only the entries appended since the last one.
/// </summary>
public sealed class LedgerFollower
{
    /// <summary>Width of a power chart slot.</summary>
    public const long SlotMilliseconds = 5 * 60 * 1000;

    private readonly string _path;
    private readonly Dictionary<string, DeviceLedgerState> _devices = new(StringComparer.Ordinal);
    private long _lastIndex;

    /// <summary>Follows the ledger at path.</summary>
    public LedgerFollower(string path)
    {
        _path = path;
    }

    /// <summary>Index of the newest entry read.</summary>
    public long HeadIndex => _lastIndex;

    /// <summary>Hash of the newest entry read (hex), empty when none.</summary>
    public string HeadHashHex { get; private set; } = "";

    /// <summary>Devices seen in the ledger.</summary>
    public IReadOnlyDictionary<string, DeviceLedgerState> Devices => _devices;

    /// <summary>Rejections by reason (quarantine table).</summary>
    public IReadOnlyDictionary<string, long> Rejections { get; private set; } = new Dictionary<string, long>();

    /// <summary>Redeliveries dropped.</summary>
    public long Duplicates { get; private set; }

    /// <summary>Reads what was appended since the last call; false when the ledger cannot be opened yet.</summary>
    public bool Poll()
    {
        if (!File.Exists(_path))
        {
            return false;
        }

        using SqliteConnection connection = new(new SqliteConnectionStringBuilder
        {
            DataSource = _path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        if (!TableExists(connection, "ledger"))
        {
            return false;
        }

        using (SqliteCommand entries = connection.CreateCommand())
        {
            entries.CommandText = "SELECT idx, dev, received_ms, raw, hash FROM ledger WHERE idx > $last ORDER BY idx";
            entries.Parameters.AddWithValue("$last", _lastIndex);
            using SqliteDataReader reader = entries.ExecuteReader();
            while (reader.Read())
            {
                _lastIndex = reader.GetInt64(0);
                HeadHashHex = Convert.ToHexStringLower((byte[])reader.GetValue(4));
                string device = reader.GetString(1);
                if (!_devices.TryGetValue(device, out DeviceLedgerState? state))
                {
                    state = new DeviceLedgerState();
                    _devices[device] = state;
                }

                state.Entries++;
                state.LastReceivedMilliseconds = reader.GetInt64(2);
                if (ReadingDocument.TryParse((byte[])reader.GetValue(3), out ReadingDocument? document) && document!.IsReading)
                {
                    state.Add(document);
                }
            }
        }

        foreach (DeviceLedgerState state in _devices.Values)
        {
            state.Gaps.Clear();
        }

        using (SqliteCommand gaps = connection.CreateCommand())
        {
            gaps.CommandText = "SELECT dev, first_missing_seq, last_missing_seq FROM sequence_gaps ORDER BY id";
            using SqliteDataReader reader = gaps.ExecuteReader();
            while (reader.Read())
            {
                if (_devices.TryGetValue(reader.GetString(0), out DeviceLedgerState? state))
                {
                    state.Gaps.Add((reader.GetInt64(1), reader.GetInt64(2)));
                }
            }
        }

        Dictionary<string, long> rejections = new(StringComparer.Ordinal);
        using (SqliteCommand quarantine = connection.CreateCommand())
        {
            quarantine.CommandText = "SELECT reason, COUNT(*) FROM quarantine GROUP BY reason ORDER BY reason";
            using SqliteDataReader reader = quarantine.ExecuteReader();
            while (reader.Read())
            {
                rejections[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        Rejections = rejections;
        using (SqliteCommand duplicates = connection.CreateCommand())
        {
            duplicates.CommandText = "SELECT COALESCE((SELECT value FROM counters WHERE name = 'duplicate'), 0)";
            Duplicates = Convert.ToInt64(duplicates.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        return true;
    }

    private static bool TableExists(SqliteConnection connection, string table)
    {
        using SqliteCommand query = connection.CreateCommand();
        query.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $name";
        query.Parameters.AddWithValue("$name", table);
        return Convert.ToInt64(query.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }
}
