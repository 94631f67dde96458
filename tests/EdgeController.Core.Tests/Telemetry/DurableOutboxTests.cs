using System.Text;
using EdgeController.Core.Telemetry;
using EdgeController.Hal.Simulation.Storage;

namespace EdgeController.Core.Tests.Telemetry;

public sealed class DurableOutboxTests
{
    private const int RingMessages = 4;
    private const int MaxMessageBytes = 64;

    private readonly InMemoryNonVolatileStore _flash = new();

    private TelemetryOutbox Boot(int maxSegments = 8) => new(RingMessages, MaxMessageBytes, _flash, maxSegments);

    private static void EnqueueReadings(TelemetryOutbox outbox, long first, long last)
    {
        for (long seq = first; seq <= last; seq++)
        {
            byte[] message = Encoding.ASCII.GetBytes($"r{seq}");
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
            yield return $"r{seq}";
        }
    }

    [Fact]
    public void MoreThanTheRing_SpillsToSegments_AndDrainsInSeqOrder()
    {
        TelemetryOutbox outbox = Boot();
        EnqueueReadings(outbox, 1, 11);

        Assert.Equal(2, outbox.SpilledSegmentCount);
        Assert.Equal(11, outbox.Count);
        Assert.Equal(Readings(1, 11), Drain(outbox));
        Assert.Equal(0, outbox.Count);
        Assert.Equal(0, outbox.SpilledSegmentCount);
        Assert.Null(_flash.Peek("obs.0"));
        Assert.Null(_flash.Peek("obs.1"));
        Assert.Equal(0, outbox.DroppedCount);
    }

    [Fact]
    public void AfterAReboot_EveryMessageNotAcknowledgedIsStillThere_InOrder()
    {
        TelemetryOutbox before = Boot();
        EnqueueReadings(before, 1, 10);
        Assert.Equal(Readings(1, 3), Drain(before, 3));

        TelemetryOutbox after = Boot();

        Assert.Equal(10, after.HighestSequence(MessageKind.Reading));
        // Readings 1..3 were acknowledged but their segment was not finished: sent again at most
        // once more (a QoS 1 duplicate), never lost.
        List<string> drained = Drain(after);
        Assert.Equal(Readings(1, 10), drained);
    }

    [Fact]
    public void Checkpoint_ForgetsAcknowledgedMessagesOfTheOpenBatch()
    {
        TelemetryOutbox before = Boot();
        EnqueueReadings(before, 1, 3);
        Drain(before, 2);
        before.Checkpoint();

        Assert.Equal(["r3"], Drain(Boot()));
    }

    [Fact]
    public void HighestSequence_SurvivesEvenWhenEverythingWasSent()
    {
        TelemetryOutbox before = Boot();
        EnqueueReadings(before, 1, 9);
        Drain(before);
        byte[] ev = Encoding.ASCII.GetBytes("e7");
        before.Enqueue(MessageKind.Event, 7, ev, ev.Length);
        Drain(before);
        before.Checkpoint();

        TelemetryOutbox after = Boot();

        Assert.Equal(9, after.HighestSequence(MessageKind.Reading));
        Assert.Equal(7, after.HighestSequence(MessageKind.Event));
        Assert.Equal(0, after.Count);
    }

    [Fact]
    public void FullStore_DropsTheOldestSegment_AndCountsEveryDroppedReading()
    {
        TelemetryOutbox outbox = Boot(maxSegments: 2);
        EnqueueReadings(outbox, 1, 13);

        Assert.Equal(4, outbox.DroppedCount);
        Assert.Equal(4, outbox.TakeDroppedReadings(out long first, out long last));
        Assert.Equal((1, 4), (first, last));
        Assert.Equal(0, outbox.TakeDroppedReadings(out _, out _));
        Assert.Equal(Readings(5, 13), Drain(outbox));
    }

    [Fact]
    public void FullStore_WhileTheHeadIsHalfDrained_DropsOnlyWhatIsLeftOfIt()
    {
        TelemetryOutbox outbox = Boot(maxSegments: 2);
        EnqueueReadings(outbox, 1, 12);
        Assert.Equal(Readings(1, 2), Drain(outbox, 2));

        EnqueueReadings(outbox, 13, 13);

        Assert.Equal(2, outbox.TakeDroppedReadings(out long first, out long last));
        Assert.Equal((3, 4), (first, last));
        Assert.Equal(Readings(5, 13), Drain(outbox));
    }

    [Fact]
    public void PowerCutWhileWritingTheOpenRecord_LosesOnlyTheMessageBeingWritten()
    {
        TelemetryOutbox before = Boot();
        EnqueueReadings(before, 1, 6);
        _flash.CutPowerDuringNextWrite(20);
        byte[] message = Encoding.ASCII.GetBytes("r7");
        Assert.Throws<SimulatedPowerCutException>(() => before.Enqueue(MessageKind.Reading, 7, message, message.Length));

        TelemetryOutbox after = Boot();

        Assert.Equal(Readings(1, 6), Drain(after));
        Assert.Equal(6, after.HighestSequence(MessageKind.Reading));
    }

    [Fact]
    public void PowerCutWhileSealingASegment_LosesNothing()
    {
        TelemetryOutbox before = Boot();
        EnqueueReadings(before, 1, 4);
        _flash.CutPowerDuringNextWrite(30);
        byte[] message = Encoding.ASCII.GetBytes("r5");
        Assert.Throws<SimulatedPowerCutException>(() => before.Enqueue(MessageKind.Reading, 5, message, message.Length));

        TelemetryOutbox after = Boot();
        EnqueueReadings(after, 5, 6);

        Assert.Equal(Readings(1, 6), Drain(after));
    }

    [Fact]
    public void ADamagedSealedSegment_IsSkippedAndCounted_OlderAndNewerOnesSurvive()
    {
        TelemetryOutbox before = Boot();
        EnqueueReadings(before, 1, 13);
        byte[] damaged = _flash.Peek("obs.1")!;
        damaged[40] ^= 0xFF;
        _flash.Poke("obs.1", damaged);

        TelemetryOutbox after = Boot();

        Assert.Equal(Readings(1, 4).Concat(Readings(9, 13)), Drain(after));
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

        Assert.Equal(["r2", "r3"], Drain(outbox));
    }
}
