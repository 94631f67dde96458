using System.Text;
using EdgeController.Ledger;

namespace EdgeController.Gateway.Tests;

/// <summary>Hostile input: each kind is rejected for its own reason, nothing crashes, the chain still verifies.</summary>
public sealed class AdversarialIngestTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();
    private readonly LedgerDatabase _ledger;
    private readonly LedgerIngestor _ingestor;

    public AdversarialIngestTests()
    {
        _ledger = LedgerDatabase.Open(_folder.File("ledger.db"));
        _ingestor = new LedgerIngestor(SignedReadings.Registry(), _ledger, () => 0);
        for (int seq = 1; seq <= 10; seq++)
        {
            _ingestor.Ingest(SignedReadings.Topic("dev-a"), SignedReadings.Reading("dev-a", seq));
        }
    }

    public void Dispose()
    {
        _ledger.Dispose();
        _folder.Dispose();
    }

    private LedgerDecision IngestOne(string? topic, byte[] raw) => _ingestor.IngestBatch([new IncomingMessage(topic, raw, 0)])[0];

    public static TheoryData<string, string, RejectReason> Attacks() => new()
    {
        { "forged signature", "forged", RejectReason.BadSignature },
        { "wrong key id", "wrong-kid", RejectReason.UnknownKey },
        { "unknown device", "unknown-device", RejectReason.UnknownDevice },
        { "replayed old reading with new bytes", "replay-altered", RejectReason.ConflictingSequence },
        { "an older seq that was never missing (before the device's first entry)", "reordered", RejectReason.StaleSequence },
        { "truncated", "truncated", RejectReason.Malformed },
        { "oversized", "oversized", RejectReason.Malformed },
        { "non-ASCII payload", "non-ascii", RejectReason.Malformed },
        { "reading posted on another device's topic", "wrong-topic", RejectReason.TopicMismatch },
    };

    [Theory]
    [MemberData(nameof(Attacks))]
    public void Attack_IsRejectedForItsReason(string description, string attack, RejectReason expected)
    {
        (string? topic, byte[] raw) = attack switch
        {
            "forged" => (SignedReadings.Topic("dev-a"), SignedReadings.Reading("dev-a", 11, key: SignedReadings.KeyB)),
            "wrong-kid" => (SignedReadings.Topic("dev-a"), SignedReadings.Reading("dev-a", 11, keyId: "k2")),
            "unknown-device" => (SignedReadings.Topic("dev-x"), SignedReadings.Reading("dev-x", 1)),
            "replay-altered" => (SignedReadings.Topic("dev-a"), SignedReadings.Reading("dev-a", 5, energyMilliwattHours: 1)),
            "reordered" => (SignedReadings.Topic("dev-b"), ReorderedReading()),
            "truncated" => (SignedReadings.Topic("dev-a"), SignedReadings.Reading("dev-a", 11)[..60]),
            "oversized" => (SignedReadings.Topic("dev-a"), Encoding.ASCII.GetBytes("EC1|" + new string('9', 70_000) + "|{}")),
            "non-ascii" => (SignedReadings.Topic("dev-a"), Encoding.UTF8.GetBytes(SignedReadings.Text(SignedReadings.Reading("dev-a", 11)).Replace("auto", "autö", StringComparison.Ordinal))),
            _ => (SignedReadings.Topic("dev-b"), SignedReadings.Reading("dev-a", 11)),
        };

        long indexBefore = _ledger.LastIndex;

        LedgerDecision decision = IngestOne(topic, raw);

        Assert.True(decision.Outcome == AppendOutcome.Rejected && decision.Reason == expected, $"{description}: got {decision}");
        Assert.Equal(indexBefore, _ledger.LastIndex);
        Assert.True(LedgerChainVerifier.Verify(_folder.File("ledger.db")).IsValid);
    }

    [Fact]
    public void ExactRedelivery_IsADuplicate_NotARejection()
    {
        Assert.Equal(AppendOutcome.Duplicate, IngestOne(SignedReadings.Topic("dev-a"), SignedReadings.Reading("dev-a", 3)).Outcome);
        Assert.Equal(1, _ingestor.Counters.Duplicates);
    }

    [Fact]
    public void HundredThousandFuzzedMessages_AreAllRejected_AndTheChainHolds()
    {
        Random random = new(20261124);
        byte[] genuine = SignedReadings.Reading("dev-a", 11);
        List<IncomingMessage> batch = new(2000);
        int total = 0;
        while (total < 100_000)
        {
            batch.Clear();
            for (int i = 0; i < 2000; i++, total++)
            {
                batch.Add(new IncomingMessage(SignedReadings.Topic("dev-a"), Mutate(genuine, random), total));
            }

            LedgerDecision[] decisions = _ingestor.IngestBatch(batch);
            Assert.All(decisions, decision => Assert.NotEqual(AppendOutcome.Appended, decision.Outcome));
        }

        Assert.Equal(10, _ledger.LastIndex);
        Assert.Equal(100_000, _ingestor.Counters.Rejected + _ingestor.Counters.Duplicates);
        Assert.True(LedgerChainVerifier.Verify(_folder.File("ledger.db"), SignedReadings.Registry()).IsValid);
    }

    /// <summary>
    /// dev-b's first entry is seq 12, then seq 11 arrives: no gap was recorded below a device's
    /// first entry, so it is a reordering the rule must refuse (a seq inside a gap would fill it).
    /// </summary>
    private byte[] ReorderedReading()
    {
        _ingestor.Ingest(SignedReadings.Topic("dev-b"), SignedReadings.Reading("dev-b", 12));
        return SignedReadings.Reading("dev-b", 11);
    }

    /// <summary>Flips, inserts, deletes or truncates a few bytes; always changes the message.</summary>
    private static byte[] Mutate(byte[] genuine, Random random)
    {
        List<byte> bytes = [.. genuine];
        int edits = random.Next(1, 4);
        for (int e = 0; e < edits && bytes.Count > 1; e++)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(4))
            {
                case 0:
                    bytes[at] ^= (byte)random.Next(1, 256);
                    break;
                case 1:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
                case 2:
                    bytes.RemoveAt(at);
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }

        byte[] mutated = [.. bytes];
        return mutated.AsSpan().SequenceEqual(genuine) ? [.. mutated, (byte)'x'] : mutated;
    }
}
