namespace EdgeController.Ledger;

/// <summary>
/// The gateway database's tables. ledger is the contract of docs/design.md; the rest are the
/// gateway's own. sequence_gaps keeps every gap as detected (history); open_gaps what is still
/// missing, split as seqs fill it; lost_ranges what a device's signed dropped event closed;
/// gap_fills which entry filled which seq; command_sequences the last cmdseq per device and kind.
/// </summary>
internal static class LedgerSchema
{
    public const string CreateStatements = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS ledger(
            idx INTEGER PRIMARY KEY,
            dev TEXT NOT NULL,
            seq INTEGER NOT NULL,
            received_ms INTEGER NOT NULL,
            raw BLOB NOT NULL,
            prev_hash BLOB NOT NULL,
            hash BLOB NOT NULL);
        CREATE UNIQUE INDEX IF NOT EXISTS ledger_dev_seq ON ledger(dev, seq);
        CREATE TABLE IF NOT EXISTS quarantine(
            id INTEGER PRIMARY KEY,
            received_ms INTEGER NOT NULL,
            topic TEXT,
            reason TEXT NOT NULL,
            detail TEXT NOT NULL,
            raw BLOB NOT NULL,
            raw_length INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS sequence_gaps(
            id INTEGER PRIMARY KEY,
            dev TEXT NOT NULL,
            first_missing_seq INTEGER NOT NULL,
            last_missing_seq INTEGER NOT NULL,
            detected_ms INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS open_gaps(
            id INTEGER PRIMARY KEY,
            dev TEXT NOT NULL,
            first_seq INTEGER NOT NULL,
            last_seq INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS open_gaps_dev ON open_gaps(dev, first_seq);
        CREATE TABLE IF NOT EXISTS lost_ranges(
            id INTEGER PRIMARY KEY,
            dev TEXT NOT NULL,
            first_seq INTEGER NOT NULL,
            last_seq INTEGER NOT NULL,
            event_idx INTEGER NOT NULL,
            closed_ms INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS gap_fills(
            id INTEGER PRIMARY KEY,
            dev TEXT NOT NULL,
            seq INTEGER NOT NULL,
            idx INTEGER NOT NULL,
            filled_ms INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS command_sequences(
            dev TEXT NOT NULL,
            kind TEXT NOT NULL,
            last_cmdseq INTEGER NOT NULL,
            PRIMARY KEY(dev, kind));
        CREATE TABLE IF NOT EXISTS checkpoints(
            id INTEGER PRIMARY KEY,
            idx INTEGER NOT NULL,
            hash BLOB NOT NULL,
            created_ms INTEGER NOT NULL,
            message BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS counters(
            name TEXT PRIMARY KEY,
            value INTEGER NOT NULL);
        """;
}
