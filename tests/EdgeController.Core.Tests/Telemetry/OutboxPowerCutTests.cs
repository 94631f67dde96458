using System.Text;
using EdgeController.Core.Telemetry;
using EdgeController.Hal.Simulation.Storage;

namespace EdgeController.Core.Tests.Telemetry;

/// <summary>
/// A power cut at every byte of every flash write of a whole outbox scenario (appends, segment
/// rollover, the full-budget drop, acknowledgement, resend, checkpoint): after the reboot no
/// message that Enqueue reported queued and that was neither released nor reported dropped is
/// missing, no seq comes back with other bytes, and the seq continues above everything sent.
/// </summary>
public sealed class OutboxPowerCutTests
{
    private const int MaxMessageBytes = 32;
    private const int SegmentBytes = FlashLog.SegmentHeaderBytes + (4 * (FlashLog.EntryOverheadBytes + 8));

    /// <summary>What the scenario did before the power failed.</summary>
    private sealed class Trace
    {
        public Dictionary<long, string> Attempted { get; } = [];

        public HashSet<long> Queued { get; } = [];

        public Dictionary<long, string> Published { get; } = [];

        public HashSet<long> Dropped { get; } = [];

        public long AcknowledgedThrough { get; set; }
    }

    private static TelemetryOutbox Boot(InMemoryNonVolatileStore flash, OutboxReleaseMode mode) =>
        new(2, MaxMessageBytes, flash, 3 * SegmentBytes, SegmentBytes, mode);

    private static string Text(long seq, string prefix = "r") => $"{prefix}{seq:D7}";

    private static void Enqueue(TelemetryOutbox outbox, Trace trace, long first, long last, MessageKind kind = MessageKind.Reading)
    {
        for (long seq = first; seq <= last; seq++)
        {
            string text = Text(seq, kind == MessageKind.Event ? "e" : "r");
            trace.Attempted[seq] = text;
            byte[] bytes = Encoding.ASCII.GetBytes(text);
            Assert.True(outbox.Enqueue(kind, seq, bytes, bytes.Length));
            trace.Queued.Add(seq);
            TakeDropped(outbox, trace);
        }
    }

    private static void TakeDropped(TelemetryOutbox outbox, Trace trace)
    {
        // The test's readings are contiguous, so a reported range is exactly what was dropped.
        long count = outbox.TakeDroppedReadings(out long first, out long last);
        for (long seq = first; count > 0 && seq <= last; seq++)
        {
            trace.Dropped.Add(seq);
        }
    }

    private static void Publish(TelemetryOutbox outbox, Trace trace, int max)
    {
        byte[] buffer = new byte[MaxMessageBytes];
        for (int i = 0; i < max; i++)
        {
            int length = outbox.PeekOldest(buffer, out _);
            if (length < 0)
            {
                return;
            }

            // The broker's PUBACK has come when RemoveOldest is called: the message is out.
            string text = Encoding.ASCII.GetString(buffer, 0, length);
            trace.Published[long.Parse(text[1..], System.Globalization.CultureInfo.InvariantCulture)] = text;
            outbox.RemoveOldest();
        }
    }

    private static void Acknowledge(TelemetryOutbox outbox, Trace trace, long through)
    {
        trace.AcknowledgedThrough = Math.Max(trace.AcknowledgedThrough, through);
        outbox.Acknowledge(through);
    }

    private static void Scenario(TelemetryOutbox outbox, Trace trace)
    {
        Enqueue(outbox, trace, 1, 6);
        Publish(outbox, trace, 3);
        Enqueue(outbox, trace, 7, 10);
        Acknowledge(outbox, trace, 2);
        outbox.RequestResend(2, 3);
        Publish(outbox, trace, 2);
        Enqueue(outbox, trace, 11, 11, MessageKind.Event);
        Enqueue(outbox, trace, 12, 20); // rolls over twice; 3 segments of budget: drops, in both modes
        Publish(outbox, trace, int.MaxValue);
        Acknowledge(outbox, trace, 18);
        Enqueue(outbox, trace, 21, 22);
        outbox.Checkpoint();
        Enqueue(outbox, trace, 23, 23);
        Publish(outbox, trace, 1);
    }

    [Theory]
    [InlineData(OutboxReleaseMode.AtLedgerAcknowledgement)]
    [InlineData(OutboxReleaseMode.AtBrokerAcknowledgement)]
    public void PowerCutAtEveryByte_LosesNoQueuedMessage_AndReusesNoSeq(OutboxReleaseMode mode)
    {
        InMemoryNonVolatileStore whole = new();
        TelemetryOutbox reference = Boot(whole, mode);
        Scenario(reference, new Trace());
        Assert.True(reference.DroppedCount > 0, "the scenario reaches the full budget");
        long totalBytes = whole.BytesWritten;
        Assert.True(totalBytes > 10 * SegmentBytes / 4, "the scenario writes the log, segment headers and release records");

        for (long cut = 0; cut <= totalBytes; cut++)
        {
            InMemoryNonVolatileStore flash = new();
            Trace trace = new();
            TelemetryOutbox before = Boot(flash, mode);
            flash.CutPowerAfterTotalBytes(cut);
            try
            {
                Scenario(before, trace);
            }
            catch (SimulatedPowerCutException)
            {
                TakeDropped(before, trace);
            }

            flash.RestorePower();
            TelemetryOutbox after = Boot(flash, mode);
            Check(cut, mode, trace, after);

            // Life goes on after the cut: what is queued now survives the next reboot too.
            long next = Math.Max(after.HighestSequence(MessageKind.Reading), after.HighestSequence(MessageKind.Event)) + 1;
            byte[] bytes = Encoding.ASCII.GetBytes(Text(next));
            Assert.True(after.Enqueue(MessageKind.Reading, next, bytes, bytes.Length));
            Trace again = new();
            Publish(Boot(flash, mode), again, int.MaxValue);
            Assert.True(again.Published.ContainsKey(next), $"cut {cut}: seq {next}, queued after the reboot, lost at the next");
        }
    }

    private static void Check(long cut, OutboxReleaseMode mode, Trace trace, TelemetryOutbox after)
    {
        long highest = Math.Max(after.HighestSequence(MessageKind.Reading), after.HighestSequence(MessageKind.Event));
        Assert.True(trace.Queued.Count == 0 || highest >= trace.Queued.Max(), $"cut {cut}: highest {highest} below a queued seq");

        Trace drained = new();
        Publish(after, drained, int.MaxValue);
        foreach ((long seq, string text) in drained.Published)
        {
            Assert.True(trace.Attempted.TryGetValue(seq, out string? original) && original == text, $"cut {cut}: seq {seq} came back as {text}");
        }

        foreach (long seq in trace.Queued)
        {
            bool released = mode == OutboxReleaseMode.AtLedgerAcknowledgement
                ? seq <= trace.AcknowledgedThrough
                : trace.Published.ContainsKey(seq) || seq <= trace.AcknowledgedThrough;
            if (!released && !trace.Dropped.Contains(seq))
            {
                Assert.True(drained.Published.ContainsKey(seq), $"cut {cut}: queued seq {seq} lost (drained {string.Join(",", drained.Published.Keys)})");
            }
        }

        long sentBefore = trace.Published.Count == 0 ? 0 : trace.Published.Keys.Max();
        Assert.True(highest >= sentBefore, $"cut {cut}: the next seq {highest + 1} would reuse a seq already sent");
    }
}
