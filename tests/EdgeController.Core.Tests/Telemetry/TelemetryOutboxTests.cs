using System.Text;
using EdgeController.Core.Telemetry;
using EdgeController.Hal;

namespace EdgeController.Core.Tests.Telemetry;

public sealed class TelemetryOutboxTests
{
    private static byte[] Bytes(string text) => Encoding.ASCII.GetBytes(text);

    [Fact]
    public void KeepsOrder_AndDropsTheOldestWhenFull_CountingIt()
    {
        TelemetryOutbox outbox = new(2, 16);
        outbox.Enqueue(MessageKind.Reading, Bytes("one"), 3);
        outbox.Enqueue(MessageKind.Reading, Bytes("two"), 3);
        outbox.Enqueue(MessageKind.Event, Bytes("three"), 5);

        byte[] destination = new byte[16];
        int length = outbox.PeekOldest(destination, out MessageKind kind);
        Assert.Equal("two", Encoding.ASCII.GetString(destination, 0, length));
        Assert.Equal(MessageKind.Reading, kind);
        Assert.Equal(1, outbox.DroppedCount);
        outbox.RemoveOldest();
        length = outbox.PeekOldest(destination, out kind);
        Assert.Equal("three", Encoding.ASCII.GetString(destination, 0, length));
        Assert.Equal(MessageKind.Event, kind);
    }

    [Fact]
    public void RefusesMessagesLongerThanASlot()
    {
        TelemetryOutbox outbox = new(2, 4);
        Assert.False(outbox.Enqueue(MessageKind.Reading, Bytes("toolong"), 7));
        Assert.Equal(0, outbox.Count);
    }

    [Fact]
    public void Publisher_KeepsTheMessageWhenTheBrokerRefusesIt()
    {
        TelemetryOutbox outbox = new(4, 16);
        outbox.Enqueue(MessageKind.Reading, Bytes("r1"), 2);
        outbox.Enqueue(MessageKind.Event, Bytes("e1"), 2);
        ScriptedLink link = new() { AcceptNext = 1 };
        TelemetryPublisher publisher = new(outbox, link, new TopicNames("s1", "d1"));

        Assert.Equal(1, publisher.Pump(10));
        Assert.Equal(1, outbox.Count);
        Assert.Equal(1, publisher.FailedAttempts);

        link.AcceptNext = 10;
        Assert.Equal(1, publisher.Pump(10));
        Assert.Equal(["ec/v1/s1/d1/reading", "ec/v1/s1/d1/event", "ec/v1/s1/d1/event"], link.Topics);
    }

    [Fact]
    public void Publisher_WithATimeBudget_StopsStartingPublishesOnceItIsSpent()
    {
        TelemetryOutbox outbox = new(16, 16);
        for (int i = 0; i < 10; i++)
        {
            outbox.Enqueue(MessageKind.Reading, i + 1, Bytes("r"), 1);
        }

        EdgeController.Hal.Simulation.SimulatedClock clock = new(0);
        SlowLink link = new(clock, publishMilliseconds: 30);
        TelemetryPublisher publisher = new(outbox, link, new TopicNames("s1", "d1"));

        Assert.Equal(4, publisher.Pump(64, clock, 100));
        Assert.Equal(6, outbox.Count);
        Assert.Equal(6, publisher.Pump(64));
    }

    private sealed class SlowLink(EdgeController.Hal.Simulation.SimulatedClock clock, int publishMilliseconds) : IMqttLink
    {
        public bool IsConnected => true;

        public bool Publish(string topic, byte[] payload, int length, bool retain)
        {
            clock.Advance(publishMilliseconds);
            return true;
        }
    }

    private sealed class ScriptedLink : IMqttLink
    {
        public int AcceptNext { get; set; }

        public List<string> Topics { get; } = [];

        public bool IsConnected => true;

        public bool Publish(string topic, byte[] payload, int length, bool retain)
        {
            Topics.Add(topic);
            if (AcceptNext == 0)
            {
                return false;
            }

            AcceptNext--;
            return true;
        }
    }
}
