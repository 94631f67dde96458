using EdgeController.Core.Signing;
using EdgeController.Core.Telemetry;
using EdgeController.Hal.Simulation.Signing;
using EdgeController.Ledger;

namespace EdgeController.Gateway.Tests;

/// <summary>The contract of issue 12: a validly signed seq in a recorded gap fills it once; a signed dropped event closes what it covers.</summary>
public sealed class GapFillingTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();
    private readonly LedgerDatabase _ledger;
    private readonly LedgerIngestor _ingestor;
    private readonly List<GapChange> _changes = [];
    private long _nowMilliseconds = 1_000;

    public GapFillingTests()
    {
        _ledger = LedgerDatabase.Open(_folder.File("ledger.db"));
        _ingestor = new LedgerIngestor(SignedReadings.Registry(), _ledger, () => _nowMilliseconds++);
        _ingestor.GapsChanged = changes => _changes.AddRange(changes);
    }

    public void Dispose()
    {
        _ledger.Dispose();
        _folder.Dispose();
    }

    private LedgerDecision Ingest(string device, long seq) =>
        _ingestor.IngestBatch([new IncomingMessage(SignedReadings.Topic(device), SignedReadings.Reading(device, seq), _nowMilliseconds++)])[0];

    /// <summary>A dropped event as DroppedReadingsReporter writes it.</summary>
    private static byte[] Dropped(string device, long seq, long first, long last)
    {
        byte[] message = new byte[512];
        CompactJsonWriter json = new();
        json.Begin(message, SignedEnvelopeWriter.PayloadOffset);
        json.WriteInteger("v", 1);
        json.WriteString("dev", device);
        json.WriteInteger("boot", 1);
        json.WriteInteger("seq", seq);
        json.WriteInteger("ts", 1_782_036_000_000 + (seq * 1000));
        json.WriteInteger("tq", 1);
        json.WriteString("ev", "dropped");
        json.WriteInteger("n", last - first + 1);
        json.WriteInteger("first", first);
        json.WriteInteger("last", last);
        json.WriteInteger("total", last - first + 1);
        json.End();
        int length = new SignedEnvelopeWriter(new HmacSha256Signer("k1", SignedReadings.KeyA)).Seal(message, json.Length);
        return message[..length];
    }

    [Fact]
    public void SeqInAGap_FillsItExactlyOnce_AndTheChainKeepsArrivalOrder()
    {
        Ingest("dev-a", 1);
        Ingest("dev-a", 5); // 2..4 missing
        Assert.Equal([("dev-a", 2L, 4L)], _ledger.OpenGaps());
        Assert.Equal(1, _ledger.HighWaterMark("dev-a"));

        LedgerDecision filled = Ingest("dev-a", 3);
        Assert.Equal(AppendOutcome.Appended, filled.Outcome);
        Assert.True(filled.FilledGap);
        Assert.Equal([("dev-a", 2L, 2L), ("dev-a", 4L, 4L)], _ledger.OpenGaps());

        // The same bytes again are a redelivery; other bytes for the filled seq a conflict.
        Assert.Equal(AppendOutcome.Duplicate, Ingest("dev-a", 3).Outcome);
        Assert.Equal(AppendOutcome.Rejected, _ingestor.Ingest(SignedReadings.Topic("dev-a"), SignedReadings.Reading("dev-a", 3, energyMilliwattHours: 7)));
        Assert.Equal(1, _ingestor.Counters.RejectedFor(RejectReason.ConflictingSequence));

        Ingest("dev-a", 2);
        Assert.Equal(3, _ledger.HighWaterMark("dev-a"));
        Ingest("dev-a", 4);
        Assert.Empty(_ledger.OpenGaps());
        Assert.Equal(5, _ledger.HighWaterMark("dev-a"));
        Assert.Equal([("dev-a", 2L, 4L)], _ledger.Gaps()); // the history keeps the gap as detected

        // Arrival order in the chain: idx 1..5 hold seq 1, 5, 3, 2, 4; the chain verifies.
        Assert.Equal(5, _ledger.LastIndex);
        ChainVerification verification = LedgerChainVerifier.Verify(_folder.File("ledger.db"), SignedReadings.Registry());
        Assert.True(verification.IsValid, verification.Problem);
        Assert.Equal(
            [GapChangeKind.Opened, GapChangeKind.Filled, GapChangeKind.Filled, GapChangeKind.Filled],
            _changes.Select(change => change.Kind).ToArray());
    }

    [Fact]
    public void SeqBelowTheLastThatWasNeverMissing_IsStillStale()
    {
        Ingest("dev-a", 3);
        Ingest("dev-a", 4);

        // The ledger joined this device at seq 3: what came before is not a gap.
        Assert.Equal(AppendOutcome.Rejected, Ingest("dev-a", 2).Outcome);
        Assert.Equal(1, _ingestor.Counters.RejectedFor(RejectReason.StaleSequence));
        Assert.Equal(4, _ledger.HighWaterMark("dev-a"));
    }

    [Fact]
    public void FillAndGapInOneBatch_AreBothApplied()
    {
        byte[][] raws = [SignedReadings.Reading("dev-a", 1), SignedReadings.Reading("dev-a", 4), SignedReadings.Reading("dev-a", 2), SignedReadings.Reading("dev-a", 2)];
        LedgerDecision[] decisions = _ingestor.IngestBatch(raws.Select(raw => new IncomingMessage(SignedReadings.Topic("dev-a"), raw, 5)).ToList());

        Assert.Equal([AppendOutcome.Appended, AppendOutcome.Appended, AppendOutcome.Appended, AppendOutcome.Duplicate], decisions.Select(d => d.Outcome).ToArray());
        Assert.Equal([("dev-a", 3L, 3L)], _ledger.OpenGaps());
    }

    [Fact]
    public void DroppedEvent_ClosesWhatItCoversAsLost_AndTheMarkPassesIt()
    {
        Ingest("dev-a", 1);
        Ingest("dev-a", 2);
        // The device dropped 3..6 and says so in event 7; 8 arrives; 9..10 missing by 11.
        _ingestor.Ingest(SignedReadings.EventTopic("dev-a"), Dropped("dev-a", 7, 3, 6));
        Ingest("dev-a", 8);
        Ingest("dev-a", 11);

        Assert.Equal([("dev-a", 3L, 6L)], _ledger.LostRanges());
        Assert.Equal([("dev-a", 9L, 10L)], _ledger.OpenGaps());
        Assert.Equal(8, _ledger.HighWaterMark("dev-a"));
        Assert.Contains(new GapChange("dev-a", GapChangeKind.Lost, 3, 6), _changes);

        // A lost seq is not missing any more: it is stale if it turns up after all.
        Assert.Equal(AppendOutcome.Rejected, Ingest("dev-a", 4).Outcome);
    }

    [Fact]
    public void DroppedEvent_ClosesOnlyTheStillMissingPart()
    {
        Ingest("dev-a", 1);
        Ingest("dev-a", 10); // 2..9 missing
        Ingest("dev-a", 5);  // filled
        _ingestor.Ingest(SignedReadings.EventTopic("dev-a"), Dropped("dev-a", 11, 4, 7));

        Assert.Equal([("dev-a", 4L, 4L), ("dev-a", 6L, 7L)], _ledger.LostRanges());
        Assert.Equal([("dev-a", 2L, 3L), ("dev-a", 8L, 9L)], _ledger.OpenGaps());
        Assert.Equal(1, _ledger.HighWaterMark("dev-a"));
    }

    [Fact]
    public void GapsSurviveAReopen_AndAreFilledAfterIt()
    {
        Ingest("dev-a", 1);
        Ingest("dev-a", 4);
        _ledger.Dispose();
        using LedgerDatabase reopened = LedgerDatabase.Open(_folder.File("ledger.db"));
        LedgerIngestor ingestor = new(SignedReadings.Registry(), reopened, () => 9);

        Assert.Equal(AppendOutcome.Appended, ingestor.Ingest(SignedReadings.Topic("dev-a"), SignedReadings.Reading("dev-a", 2)));
        Assert.Equal([("dev-a", 3L, 3L)], reopened.OpenGaps());
        Assert.Equal(2, reopened.HighWaterMark("dev-a"));
    }

    [Fact]
    public void ReadingSignedWithTheCommandKid_IsRejectedAsUnknownKey()
    {
        KeyRegistry registry = SignedReadings.Registry();
        byte[] commandKey = Enumerable.Range(100, 32).Select(i => (byte)i).ToArray();
        registry.Set("dev-a", KeyRegistry.CommandKeyId, commandKey);
        LedgerIngestor ingestor = new(registry, _ledger, () => 1);

        AppendOutcome outcome = ingestor.Ingest(SignedReadings.Topic("dev-a"), SignedReadings.Reading("dev-a", 1, commandKey, KeyRegistry.CommandKeyId));

        Assert.Equal(AppendOutcome.Rejected, outcome);
        Assert.Equal(1, ingestor.Counters.RejectedFor(RejectReason.UnknownKey));
    }

    [Fact]
    public void CommandSequence_CountsPerDeviceAndKind_AndNeverFallsBelowTheClock()
    {
        Assert.Equal(1000, _ledger.NextCommandSequence("dev-a", "ack", 1000));
        Assert.Equal(1001, _ledger.NextCommandSequence("dev-a", "ack", 1000));
        Assert.Equal(1000, _ledger.NextCommandSequence("dev-a", "resend", 1000));
        Assert.Equal(5000, _ledger.NextCommandSequence("dev-a", "ack", 5000));
        Assert.Equal(1, _ledger.NextCommandSequence("dev-b", "tariff", 0));
    }
}
