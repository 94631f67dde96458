using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EdgeController.Core.Signing;
using EdgeController.Core.Telemetry;
using EdgeController.Hal.Simulation;
using EdgeController.Hal.Simulation.Signing;
using EdgeController.Hal.Simulation.Storage;

namespace EdgeController.Core.Tests.Telemetry;

public sealed class DroppedReadingsReporterTests
{
    private static readonly byte[] s_key = Enumerable.Range(7, 32).Select(i => (byte)i).ToArray();
    private readonly InMemoryNonVolatileStore _flash = new();
    private readonly SimulatedClock _clock = new(1_782_036_000_000);
    private readonly CountingSequenceSource _sequences = new();

    /// <summary>The device's message counter as the Controller keeps it: readings and events share it.</summary>
    private sealed class CountingSequenceSource : ISequenceSource
    {
        public long Last { get; set; }

        public long ReserveSequence() => ++Last;
    }

    /// <summary>A segment of exactly four padded readings (16 + 4 x (16 + 120) bytes); two segments of budget.</summary>
    private const int SegmentBytes = 16 + (4 * (16 + 120));

    private (TelemetryOutbox Outbox, DroppedReadingsReporter Reporter) Boot()
    {
        TelemetryOutbox outbox = new(4, 512, _flash, 2 * SegmentBytes, SegmentBytes, OutboxReleaseMode.AtBrokerAcknowledgement);
        return (outbox, new DroppedReadingsReporter(new DeviceIdentity("s1", "d1"), _clock, new SignedEnvelopeWriter(new HmacSha256Signer("k1", s_key)), outbox, _sequences));
    }

    private void Readings(TelemetryOutbox outbox, long first, long last)
    {
        for (long seq = first; seq <= last; seq++)
        {
            byte[] message = Encoding.ASCII.GetBytes($"r{seq}".PadRight(120, '.'));
            outbox.Enqueue(MessageKind.Reading, seq, message, message.Length);
        }

        _sequences.Last = last;
    }

    private static List<string> DrainEvents(TelemetryOutbox outbox)
    {
        List<string> events = [];
        byte[] buffer = new byte[outbox.MaxMessageBytes];
        for (int length = outbox.PeekOldest(buffer, out MessageKind kind); length >= 0; length = outbox.PeekOldest(buffer, out kind))
        {
            if (kind == MessageKind.Event)
            {
                events.Add(Encoding.ASCII.GetString(buffer, 0, length));
            }

            outbox.RemoveOldest();
        }

        return events;
    }

    [Fact]
    public void NothingDropped_NoEvent()
    {
        (TelemetryOutbox outbox, DroppedReadingsReporter reporter) = Boot();
        Readings(outbox, 1, 6);

        Assert.False(reporter.Poll(1));
        Assert.Empty(DrainEvents(outbox));
    }

    [Fact]
    public void DroppedReadings_AreReportedInOneSignedEvent_WithTheirSeqRange()
    {
        (TelemetryOutbox outbox, DroppedReadingsReporter reporter) = Boot();
        Readings(outbox, 1, 9);

        Assert.True(reporter.Poll(3));

        string message = Assert.Single(DrainEvents(outbox));
        int first = message.IndexOf('|');
        int last = message.LastIndexOf('|');
        string payload = message[(first + 1)..last];
        Assert.Equal(
            "{\"v\":1,\"dev\":\"d1\",\"boot\":3,\"seq\":10,\"ts\":1782036000000,\"tq\":1,\"ev\":\"dropped\",\"n\":4,\"first\":1,\"last\":4,\"total\":4}",
            payload);
        string expectedMac = Convert.ToHexStringLower(HMACSHA256.HashData(s_key, Encoding.ASCII.GetBytes(payload)));
        Assert.Equal(expectedMac, JsonDocument.Parse(message[(last + 1)..]).RootElement.GetProperty("sig").GetString());
    }

    [Fact]
    public void EventSeq_IsTheNextSeqOfTheDevicesOneCounter()
    {
        (TelemetryOutbox outbox, DroppedReadingsReporter reporter) = Boot();
        Readings(outbox, 1, 9);

        Assert.True(reporter.Poll(1));

        Assert.Equal(10, reporter.LastEventSequence);
        Assert.Equal(10, _sequences.Last);
    }
}
