using EdgeController.Ledger;
using Microsoft.Data.Sqlite;

namespace EdgeController.Gateway.Tests;

public sealed class LedgerDatabaseTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();
    private readonly LedgerDatabase _ledger;
    private readonly LedgerIngestor _ingestor;
    private long _nowMilliseconds = 1_000;

    public LedgerDatabaseTests()
    {
        _ledger = LedgerDatabase.Open(_folder.File("ledger.db"));
        _ingestor = new LedgerIngestor(SignedReadings.Registry(), _ledger, () => _nowMilliseconds++);
    }

    public void Dispose()
    {
        _ledger.Dispose();
        _folder.Dispose();
    }

    private AppendOutcome Ingest(string device, long seq) => _ingestor.Ingest(SignedReadings.Topic(device), SignedReadings.Reading(device, seq));

    [Fact]
    public void Accepted_Redelivered_Stale_Conflicting_AreEachHandledByTheRule()
    {
        Assert.Equal(AppendOutcome.Appended, Ingest("dev-a", 1));
        Assert.Equal(AppendOutcome.Appended, Ingest("dev-a", 2));
        Assert.Equal(AppendOutcome.Duplicate, Ingest("dev-a", 2));
        Assert.Equal(AppendOutcome.Appended, Ingest("dev-b", 1));
        Assert.Equal(AppendOutcome.Rejected, _ingestor.Ingest(SignedReadings.Topic("dev-a"), SignedReadings.Reading("dev-a", 2, energyMilliwattHours: 99)));
        Assert.Equal(AppendOutcome.Appended, Ingest("dev-a", 5));
        Assert.Equal(AppendOutcome.Appended, Ingest("dev-a", 4)); // fills the recorded gap 3..4
        Assert.Equal(AppendOutcome.Duplicate, Ingest("dev-b", 1));

        Assert.Equal(5, _ledger.LastIndex);
        Assert.Equal(2, _ingestor.Counters.Duplicates);
        Assert.Equal(1, _ingestor.Counters.RejectedFor(RejectReason.ConflictingSequence));
        Assert.Equal(2, _ledger.Counter("duplicate"));
        Assert.Equal(new Dictionary<string, long> { ["ConflictingSequence"] = 1 }, _ledger.QuarantineCountsByReason());
        Assert.Equal([("dev-a", 3L, 4L)], _ledger.Gaps());
        Assert.Equal([("dev-a", 3L, 3L)], _ledger.OpenGaps());
    }

    [Fact]
    public void Chain_FollowsTheContract()
    {
        Ingest("dev-a", 1);
        Ingest("dev-a", 2);
        byte[] first = SignedReadings.Reading("dev-a", 1);
        byte[] second = SignedReadings.Reading("dev-a", 2);

        byte[] expectedFirst = LedgerHash.Compute(new byte[32], 1, first);
        byte[] expectedSecond = LedgerHash.Compute(expectedFirst, 2, second);

        Assert.Equal(expectedSecond, _ledger.LastHash);
        ChainVerification verification = LedgerChainVerifier.Verify(_folder.File("ledger.db"), SignedReadings.Registry());
        Assert.True(verification.IsValid, verification.Problem);
        Assert.Equal(2, verification.EntriesChecked);
    }

    [Fact]
    public void ReopenedLedger_ContinuesTheChainAndTheSequenceRule()
    {
        Ingest("dev-a", 1);
        _ledger.Dispose();
        using LedgerDatabase reopened = LedgerDatabase.Open(_folder.File("ledger.db"));
        LedgerIngestor ingestor = new(SignedReadings.Registry(), reopened, () => 0);

        Assert.Equal(AppendOutcome.Duplicate, ingestor.Ingest(null, SignedReadings.Reading("dev-a", 1)));
        Assert.Equal(AppendOutcome.Appended, ingestor.Ingest(null, SignedReadings.Reading("dev-a", 2)));
        Assert.True(LedgerChainVerifier.Verify(_folder.File("ledger.db")).IsValid);
    }

    [Fact]
    public void AnInsertTheDatabaseRefuses_FailsTheWholeBatch_AndTheNextBatchAppends()
    {
        for (long seq = 1; seq <= 30; seq++)
        {
            Ingest("dev-a", seq);
        }

        byte[] headBefore = _ledger.LastHash;
        byte[] rootBefore = _ledger.Tree.Root();
        using SqliteConnection other = new($"Data Source={_folder.File("ledger.db")};Pooling=False");
        other.Open();
        // Entry 33 is taken behind the ledger's back: the batch's third insert fails, after the
        // first two completed the tree's second 16-leaf block (whose nodes are stored rows).
        Execute(other, "INSERT INTO ledger(idx, dev, seq, received_ms, raw, prev_hash, hash) VALUES (33, 'rogue', 1, 0, x'00', zeroblob(32), zeroblob(32))");
        IncomingMessage[] batch = [.. new[] { 31L, 32L, 33L, 34L }.Select(seq => new IncomingMessage(SignedReadings.Topic("dev-a"), SignedReadings.Reading("dev-a", seq), 0))];

        Assert.Throws<SqliteException>(() => _ingestor.IngestBatch(batch));
        Assert.Equal(30, _ledger.LastIndex);
        Assert.Equal(headBefore, _ledger.LastHash);
        Assert.Equal(rootBefore, _ledger.Tree.Root());

        Execute(other, "DELETE FROM ledger WHERE dev = 'rogue'");
        Assert.All(_ingestor.IngestBatch(batch), decision => Assert.Equal(AppendOutcome.Appended, decision.Outcome));
        Assert.Equal(34, _ledger.LastIndex);
        Assert.True(LedgerChainVerifier.Verify(_folder.File("ledger.db"), SignedReadings.Registry()).IsValid);
        byte[] root = _ledger.Tree.Root();
        _ledger.Dispose();
        using LedgerDatabase reopened = LedgerDatabase.Open(_folder.File("ledger.db"));
        Assert.Equal(root, reopened.Tree.Root());
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [Theory]
    [InlineData("UPDATE ledger SET raw = CAST(replace(CAST(raw AS TEXT), '\"seq\":2', '\"seq\":9') AS BLOB) WHERE idx = 2", 2, "altered")]
    [InlineData("UPDATE ledger SET dev = 'dev-b' WHERE idx = 2", 2, "dev column")]
    [InlineData("UPDATE ledger SET seq = 7 WHERE idx = 3", 3, "seq column")]
    [InlineData("DELETE FROM ledger WHERE idx = 2", 3, "index 3 where 2")]
    [InlineData("UPDATE ledger SET prev_hash = zeroblob(32) WHERE idx = 3", 3, "prev_hash")]
    public void Tampering_IsFound_AtTheTamperedEntry(string tamper, long expectedIndex, string expectedProblem)
    {
        Ingest("dev-a", 1);
        Ingest("dev-a", 2);
        Ingest("dev-a", 3);
        Ingest("dev-a", 4);
        _ledger.Dispose();
        using (SqliteConnection connection = new($"Data Source={_folder.File("ledger.db")};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = tamper;
            Assert.Equal(1, command.ExecuteNonQuery());
        }

        ChainVerification verification = LedgerChainVerifier.Verify(_folder.File("ledger.db"));

        Assert.False(verification.IsValid);
        Assert.Equal(expectedIndex, verification.FirstBadIndex);
        Assert.Contains(expectedProblem, verification.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ReSignedForgery_IsCaughtWhenKeysAreGiven()
    {
        // An attacker who rewrites raw and recomputes every hash passes the chain check alone;
        // the signature check with the registry still names the entry.
        Ingest("dev-a", 1);
        _ledger.Dispose();
        byte[] forged = SignedReadings.Reading("dev-a", 1, key: SignedReadings.KeyB);
        using (SqliteConnection connection = new($"Data Source={_folder.File("ledger.db")};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "UPDATE ledger SET raw = $raw, hash = $hash WHERE idx = 1";
            command.Parameters.AddWithValue("$raw", forged);
            command.Parameters.AddWithValue("$hash", LedgerHash.Compute(new byte[32], 1, forged));
            command.ExecuteNonQuery();
        }

        Assert.True(LedgerChainVerifier.Verify(_folder.File("ledger.db")).IsValid);
        ChainVerification withKeys = LedgerChainVerifier.Verify(_folder.File("ledger.db"), SignedReadings.Registry());
        Assert.Equal(1, withKeys.FirstBadIndex);
        Assert.Contains("BadSignature", withKeys.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void OversizedJunk_IsQuarantinedTruncated()
    {
        byte[] junk = new byte[100_000];
        Assert.Equal(AppendOutcome.Rejected, _ingestor.Ingest("ec/v1/site1/x/reading", junk));
        Assert.Equal(1, _ingestor.Counters.RejectedFor(RejectReason.Malformed));
        Assert.Equal(0, _ledger.LastIndex);
    }

    // The market's settlements are computed from the readings in the ledger; a reading appended
    // between that computation and the settlement's own append would sit below the settlement's idx,
    // and the auditor's replay (the entries below it) would compute other figures.
    [Fact]
    public void GatewayRecordsBuiltFromTheLedger_HaveNoOtherEntryBetweenWhatTheyReadAndThem()
    {
        Assert.Equal(AppendOutcome.Appended, Ingest("dev-a", 1));
        long seenWhileBuilding = -1;
        bool otherWriterFinishedMeanwhile = true;
        AppendOutcome otherOutcome = AppendOutcome.Rejected;
        using ManualResetEventSlim otherFinished = new();
        Thread otherWriter = new(() =>
        {
            otherOutcome = Ingest("dev-a", 2);
            otherFinished.Set();
        });

        long last = _ledger.AppendGatewayRecords("_market", () =>
        {
            seenWhileBuilding = _ledger.LastIndex;
            otherWriter.Start();
            otherWriterFinishedMeanwhile = otherFinished.Wait(TimeSpan.FromMilliseconds(300));
            return [(1, "{}"u8.ToArray())];
        }, 5_000);
        otherWriter.Join();

        Assert.False(otherWriterFinishedMeanwhile);
        Assert.Equal(AppendOutcome.Appended, otherOutcome);
        Assert.Equal(1, seenWhileBuilding);
        Assert.Equal(2, last);
        Assert.Equal(3, _ledger.LastIndex);
    }

    [Fact]
    public void GatewayRecordsBuiltFromTheLedger_WhenTheBuildHasNone_AppendNothing()
    {
        Assert.Equal(AppendOutcome.Appended, Ingest("dev-a", 1));

        long last = _ledger.AppendGatewayRecords("_market", () => [], 5_000);

        Assert.Equal(1, last);
        Assert.Equal(1, _ledger.LastIndex);
        Assert.Equal(AppendOutcome.Appended, Ingest("dev-a", 2));
    }
}
