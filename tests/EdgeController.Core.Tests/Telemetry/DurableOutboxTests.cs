using System.Text;
using EdgeController.Core.Storage;
using EdgeController.Core.Telemetry;
using EdgeController.Hal.Simulation.Storage;

namespace EdgeController.Core.Tests.Telemetry;

/// <summary>The durable outbox over its flash log: append-only, release by PUBACK or by the ledger, resend, full budget.</summary>
public sealed class DurableOutboxTests
{
    private const int RingSlots = 2;
    private const int MaxMessageBytes = 32;

    /// <summary>Every test message is 8 bytes, so an entry is 24 bytes and a segment holds exactly four.</summary>
    private const int EntryBytes = FlashLog.EntryOverheadBytes + 8;

    private const int SegmentBytes = FlashLog.SegmentHeaderBytes + (4 * EntryBytes);

    private readonly InMemoryNonVolatileStore _flash = new();

    private TelemetryOutbox Boot(OutboxReleaseMode mode = OutboxReleaseMode.AtBrokerAcknowledgement, int segments = 8) =>
        new(RingSlots, MaxMessageBytes, _flash, segments * SegmentBytes, SegmentBytes, mode);

    private static byte[] Message(long seq) => Encoding.ASCII.GetBytes($"r{seq:D7}");

    private static void EnqueueReadings(TelemetryOutbox outbox, long first, long last)
    {
        for (long seq = first; seq <= last; seq++)
        {
            byte[] message = Message(seq);
            Assert.True(outbox.Enqueue(MessageKind.Reading, seq, message, message.Length));
        }
    }

    private static List<string> Drain(TelemetryOutbox outbox, int max = int.MaxValue)
    {
        List<string> drained = [];
        byte[] buffer = new byte[MaxMessageBytes];
        while (drained.Count < max)
        {
            int length = outbox.PeekOldest(buffer, out _);
            if (length < 0)
            {
                break;
            }

            drained.Add(Encoding.ASCII.GetString(buffer, 0, length));
            outbox.RemoveOldest();
        }

        return drained;
    }

    private static IEnumerable<string> Readings(long first, long last)
    {
        for (long seq = first; seq <= last; seq++)
        {
            yield return $"r{seq:D7}";
        }
    }

    private List<string> SegmentBlobs() => _flash.Names.Where(name => name.StartsWith(FlashLog.SegmentPrefix, StringComparison.Ordinal)).ToList();

    [Fact]
    public void Enqueue_AppendsOnlyItsEntry_NeverRewritingWhatIsOnFlash()
    {
        TelemetryOutbox outbox = Boot();
        EnqueueReadings(outbox, 1, 1);
        Assert.Equal(FlashLog.SegmentHeaderBytes + EntryBytes, _flash.BytesWritten);
        byte[] firstSegment = _flash.Peek("obl.0")!;

        EnqueueReadings(outbox, 2, 4);

        Assert.Equal(FlashLog.SegmentHeaderBytes + (4 * EntryBytes), _flash.BytesWritten);
        Assert.Equal(0, _flash.WriteCount);
        Assert.Equal(firstSegment, _flash.Peek("obl.0")![..firstSegment.Length]);
        Assert.Equal(SegmentBytes, _flash.Peek("obl.0")!.Length);
    }

    [Fact]
    public void TheLayout_IsTheDocumentedOne_AndChecksWithAStandardCrc32()
    // Crc32 is CRC-32/ISO-HDLC (zlib), held to the standard check value in TwoSlotRecordStoreTests.
    {
        TelemetryOutbox outbox = Boot();
        byte[] message = Message(42);
        outbox.Enqueue(MessageKind.Event, 42, message, message.Length);

        byte[] blob = _flash.Peek("obl.0")!;
        Assert.Equal("ECL1"u8.ToArray(), blob[..4]);
        Assert.Equal(0L, BitConverter.ToInt64(blob, 4));
        Assert.Equal(Crc32.Compute(blob, 0, 12), BitConverter.ToUInt32(blob, 12));
        ReadOnlySpan<byte> entry = blob.AsSpan(FlashLog.SegmentHeaderBytes);
        Assert.Equal(0xEC, entry[0]);
        Assert.Equal((byte)MessageKind.Event, entry[1]);
        Assert.Equal(message.Length, BitConverter.ToUInt16(entry[2..4]));
        Assert.Equal(42L, BitConverter.ToInt64(entry[4..12]));
        Assert.Equal(message, entry[12..(12 + message.Length)].ToArray());
        Assert.Equal(Crc32.Compute(blob, FlashLog.SegmentHeaderBytes, 12 + message.Length), BitConverter.ToUInt32(entry[(12 + message.Length)..]));
    }

    [Fact]
    public void MoreThanOneSegment_DrainsInSeqOrder_AndPubackReleaseDeletesDrainedSegments()
    {
        TelemetryOutbox outbox = Boot();
        EnqueueReadings(outbox, 1, 11);

        Assert.Equal(3, outbox.SegmentCount);
        Assert.Equal(11, outbox.Count);
        Assert.Equal(Readings(1, 11), Drain(outbox));
        Assert.Equal(0, outbox.Count);
        Assert.Equal(["obl.2"], SegmentBlobs());
        Assert.Equal(0, outbox.DroppedCount);
    }

    [Fact]
    public void AfterAReboot_EveryMessageNotReleasedIsStillThere_InOrder()
    {
        TelemetryOutbox before = Boot();
        EnqueueReadings(before, 1, 10);
        Assert.Equal(Readings(1, 6), Drain(before, 6));

        TelemetryOutbox after = Boot();

        Assert.Equal(10, after.HighestSequence(MessageKind.Reading));
        // Readings 1..4 left with their segment; 5 and 6 were published but their segment still
        // holds 7 and 8: they go again (a QoS 1 duplicate the ledger drops), nothing is lost.
        Assert.Equal(Readings(5, 10), Drain(after));
    }

    [Fact]
    public void Checkpoint_RecordsTheDrainPosition_SoACleanRestartResendsNothing()
    {
        TelemetryOutbox before = Boot();
        EnqueueReadings(before, 1, 3);
        Drain(before, 2);
        before.Checkpoint();

        Assert.Equal(["r0000003"], Drain(Boot()));
    }

    [Fact]
    public void HighestSequence_SurvivesEvenWhenEverySegmentWasDeleted()
    {
        TelemetryOutbox before = Boot();
        EnqueueReadings(before, 1, 9);
        Drain(before);
        byte[] ev = Message(10);
        before.Enqueue(MessageKind.Event, 10, ev, ev.Length);
        EnqueueReadings(before, 11, 16);
        Drain(before);
        Assert.Equal(["obl.3"], SegmentBlobs());
        before.Checkpoint();

        TelemetryOutbox after = Boot();

        Assert.Equal(16, after.HighestSequence(MessageKind.Reading));
        Assert.Equal(10, after.HighestSequence(MessageKind.Event));
        Assert.Equal(0, after.Count);
    }

    [Fact]
    public void LedgerRelease_KeepsPublishedMessagesOnFlash_UntilTheMarkCoversThem()
    {
        TelemetryOutbox outbox = Boot(OutboxReleaseMode.AtLedgerAcknowledgement);
        EnqueueReadings(outbox, 1, 10);
        Assert.Equal(Readings(1, 10), Drain(outbox));

        Assert.Equal(0, outbox.Count);
        Assert.Equal(10, outbox.HeldOnFlashCount);
        Assert.Equal(3, SegmentBlobs().Count);

        outbox.Acknowledge(6);

        Assert.Equal(6, outbox.AcknowledgedThroughSequence);
        Assert.Equal(["obl.1", "obl.2"], SegmentBlobs());
        Assert.Equal(6, outbox.HeldOnFlashCount);

        // A reboot before the ledger took 7..10: they are sent again, the acknowledged ones are not.
        Assert.Equal(Readings(7, 10), Drain(Boot(OutboxReleaseMode.AtLedgerAcknowledgement)));
    }

    [Fact]
    public void LedgerRelease_AMarkBelowTheOneTakenChangesNothing()
    {
        TelemetryOutbox outbox = Boot(OutboxReleaseMode.AtLedgerAcknowledgement);
        EnqueueReadings(outbox, 1, 9);
        Drain(outbox);
        outbox.Acknowledge(8);
        outbox.Acknowledge(3);

        Assert.Equal(8, outbox.AcknowledgedThroughSequence);
        Assert.Equal(["obl.2"], SegmentBlobs());
    }

    [Fact]
    public void RequestResend_SendsTheSameBytesAgain_ThroughTheDrain_BeforeNewMessages()
    {
        TelemetryOutbox outbox = Boot(OutboxReleaseMode.AtLedgerAcknowledgement);
        EnqueueReadings(outbox, 1, 10);
        Drain(outbox);
        outbox.Acknowledge(2);

        outbox.RequestResend(1, 4);
        outbox.RequestResend(8, 8);
        EnqueueReadings(outbox, 11, 11);

        // 1 and 2 are acknowledged (skipped); 3, 4 and 8 go again, then the new reading.
        Assert.Equal(["r0000003", "r0000004", "r0000008", "r0000011"], Drain(outbox));
        Assert.Equal(3, outbox.ResentCount);
        Assert.Empty(Drain(outbox));
    }

    [Fact]
    public void RequestResend_PacedByTheDrain_AFailedPublishLosesNothing()
    {
        TelemetryOutbox outbox = Boot(OutboxReleaseMode.AtLedgerAcknowledgement);
        EnqueueReadings(outbox, 1, 6);
        Drain(outbox);
        outbox.RequestResend(2, 5);
        byte[] buffer = new byte[MaxMessageBytes];

        // A publish that fails (no RemoveOldest) gets the same message next time.
        Assert.True(outbox.PeekOldest(buffer, out _) > 0);
        Assert.Equal("r0000002", Encoding.ASCII.GetString(buffer, 0, 8));
        Assert.Equal(["r0000002", "r0000003"], Drain(outbox, 2));
        Assert.Equal(["r0000004", "r0000005"], Drain(outbox));
    }

    [Fact]
    public void RequestResend_ManyRanges_AreMergedNotLost()
    {
        TelemetryOutbox outbox = Boot(OutboxReleaseMode.AtLedgerAcknowledgement, segments: 16);
        EnqueueReadings(outbox, 1, 40);
        Drain(outbox);
        for (long seq = 1; seq <= 40; seq += 3)
        {
            outbox.RequestResend(seq, seq);
        }

        List<long> resent = Drain(outbox).Select(text => long.Parse(text[1..], System.Globalization.CultureInfo.InvariantCulture)).ToList();

        for (long seq = 1; seq <= 40; seq += 3)
        {
            Assert.Contains(seq, resent);
        }

        Assert.Equal(resent.Distinct().Count(), resent.Count);
    }

    [Fact]
    public void FullBudget_DropsTheOldestSegment_AndCountsEveryDroppedReading()
    {
        TelemetryOutbox outbox = Boot(segments: 2);
        EnqueueReadings(outbox, 1, 9);

        Assert.Equal(4, outbox.DroppedCount);
        Assert.Equal(4, outbox.TakeDroppedReadings(out long first, out long last));
        Assert.Equal((1, 4), (first, last));
        Assert.Equal(0, outbox.TakeDroppedReadings(out _, out _));
        Assert.Equal(Readings(5, 9), Drain(outbox));
    }

    [Fact]
    public void FullBudget_PubackRelease_DoesNotCountWhatWasAlreadyPublished()
    {
        TelemetryOutbox outbox = Boot(segments: 2);
        EnqueueReadings(outbox, 1, 8);
        Assert.Equal(Readings(1, 2), Drain(outbox, 2));

        EnqueueReadings(outbox, 9, 9);

        Assert.Equal(2, outbox.TakeDroppedReadings(out long first, out long last));
        Assert.Equal((3, 4), (first, last));
        Assert.Equal(Readings(5, 9), Drain(outbox));
    }

    [Fact]
    public void FullBudget_LedgerRelease_CountsPublishedButUnacknowledgedReadings_AndEventsOnlyInTheTotal()
    {
        TelemetryOutbox outbox = Boot(OutboxReleaseMode.AtLedgerAcknowledgement, segments: 2);
        EnqueueReadings(outbox, 1, 2);
        byte[] ev = Message(3);
        outbox.Enqueue(MessageKind.Event, 3, ev, ev.Length);
        EnqueueReadings(outbox, 4, 8);
        Drain(outbox);
        outbox.Acknowledge(1);

        EnqueueReadings(outbox, 9, 9);

        Assert.Equal(3, outbox.DroppedCount);
        Assert.Equal(2, outbox.TakeDroppedReadings(out long first, out long last));
        Assert.Equal((2, 4), (first, last));
    }

    [Fact]
    public void ATornAppend_ClosesItsSegment_TheNextAppendOpensANewOne_AndNothingIsRewritten()
    {
        // A cut before the first byte leaves the segment as it was: it takes the next append.
        for (int cut = 0; cut <= EntryBytes; cut++)
        {
            InMemoryNonVolatileStore flash = new();
            TelemetryOutbox before = new(RingSlots, MaxMessageBytes, flash, 8 * SegmentBytes, SegmentBytes, OutboxReleaseMode.AtLedgerAcknowledgement);
            EnqueueReadings(before, 1, 2);
            flash.CutPowerDuringNextWrite(cut);
            byte[] message = Message(3);
            Assert.Throws<SimulatedPowerCutException>(() => before.Enqueue(MessageKind.Reading, 3, message, message.Length));
            flash.RestorePower();
            byte[] torn = flash.Peek("obl.0")!;

            TelemetryOutbox after = new(RingSlots, MaxMessageBytes, flash, 8 * SegmentBytes, SegmentBytes, OutboxReleaseMode.AtLedgerAcknowledgement);
            bool complete = cut == EntryBytes;
            Assert.Equal(complete ? 3 : 2, after.HighestSequence(MessageKind.Reading));
            EnqueueReadings(after, 4, 4);

            List<string> expected = [.. Readings(1, 2), .. complete ? Readings(3, 4) : Readings(4, 4)];
            Assert.Equal(expected, Drain(after));
            if (!complete && cut > 0)
            {
                Assert.Equal(torn, flash.Peek("obl.0"));
                Assert.NotNull(flash.Peek("obl.1"));
            }
        }
    }

    [Fact]
    public void ADamagedSegment_IsSkippedAndCounted_OlderAndNewerOnesSurvive()
    {
        TelemetryOutbox before = Boot();
        EnqueueReadings(before, 1, 10);
        byte[] damaged = _flash.Peek("obl.1")!;
        damaged[FlashLog.SegmentHeaderBytes + 5] ^= 0xFF;
        _flash.Poke("obl.1", damaged);

        TelemetryOutbox after = Boot();

        Assert.Equal(Readings(1, 4).Concat(Readings(9, 10)), Drain(after));
        Assert.Equal(1, after.DamagedSegmentCount);
    }

    [Fact]
    public void RemoveOldest_AfterTheMessageWasDroppedMeanwhile_RemovesNothingElse()
    {
        TelemetryOutbox outbox = new(2, 16);
        EnqueueReadings(outbox, 1, 2);
        byte[] buffer = new byte[16];
        outbox.PeekOldest(buffer, out _);
        EnqueueReadings(outbox, 3, 3);

        outbox.RemoveOldest();

        Assert.Equal(["r0000002", "r0000003"], Drain(outbox));
    }

    [Fact]
    public void ABudgetUnderTwoSegments_OrASegmentTooSmallForTheLargestMessage_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TelemetryOutbox(2, 32, _flash, SegmentBytes, SegmentBytes, OutboxReleaseMode.AtLedgerAcknowledgement));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TelemetryOutbox(2, 64, _flash, 8 * 64, 64, OutboxReleaseMode.AtLedgerAcknowledgement));
    }
}
