using EdgeController.Core.Commands;
using EdgeController.Core.Storage;
using EdgeController.Core.Tariffs;
using EdgeController.Core.Telemetry;
using EdgeController.Hal;
using EdgeController.Hal.Simulation;
using EdgeController.Hal.Simulation.Signing;
using EdgeController.Hal.Simulation.Storage;

namespace EdgeController.Core.Tests.Commands;

/// <summary>The ack and resend commands of issue 12, on their own topics, with their own cmdseq, without a clock.</summary>
public sealed class LedgerCommandTests
{
    private const string DeviceId = "dev-01";
    private const string CommandKeyId = "cmd";
    private const long Now = 1_782_036_000_000;
    private static readonly byte[] s_commandKey = Enumerable.Range(70, 32).Select(i => (byte)i).ToArray();
    private static readonly TopicNames s_topics = new("site1", DeviceId);

    private readonly InMemoryNonVolatileStore _flash = new();
    private readonly SimulatedClock _clock = new(Now);
    private readonly FakeLedger _ledger = new();

    private sealed class FakeLedger : ILedgerAcknowledgement
    {
        public List<long> Marks { get; } = [];

        public List<(long First, long Last)> Resends { get; } = [];

        public void Acknowledge(long throughSequence) => Marks.Add(throughSequence);

        public void RequestResend(long firstSequence, long lastSequence) => Resends.Add((firstSequence, lastSequence));
    }

    private sealed class FakeInbox : IMqttInbox
    {
        public Queue<(string Topic, byte[] Payload)> Waiting { get; } = new();

        public List<string> Subscriptions { get; } = [];

        public void Subscribe(string topic) => Subscriptions.Add(topic);

        public int TryReceive(byte[] buffer, out string topic)
        {
            if (!Waiting.TryDequeue(out (string Topic, byte[] Payload) message))
            {
                topic = "";
                return -1;
            }

            topic = message.Topic;
            message.Payload.CopyTo(buffer, 0);
            return message.Payload.Length;
        }
    }

    private CommandProcessor Boot(bool withLedger = true)
    {
        CommandProcessor processor = new(new DeviceIdentity("site1", DeviceId), new HmacSha256Signer(CommandKeyId, s_commandKey),
            _clock, _flash, new TariffSchedule(), s_topics, withLedger ? _ledger : null);
        processor.Start();
        return processor;
    }

    private static byte[] Seal(string payload) => SignedCommands.Seal(payload, CommandKeyId, s_commandKey);

    private static byte[] Ack(long cmdseq, long hw, string gaps = "[]") =>
        Seal($"{{\"v\":1,\"dev\":\"{DeviceId}\",\"cmdseq\":{cmdseq},\"cmd\":\"ack\",\"hw\":{hw},\"gaps\":{gaps}}}");

    private static byte[] Resend(long cmdseq, string ranges) =>
        Seal($"{{\"v\":1,\"dev\":\"{DeviceId}\",\"cmdseq\":{cmdseq},\"cmd\":\"resend\",\"ranges\":{ranges}}}");

    private static CommandRejection Process(CommandProcessor processor, string kind, byte[] message) => processor.Process(kind, message, message.Length);

    [Fact]
    public void Ack_ReachesTheOutbox_WithoutASynchronisedClock()
    {
        _clock.SetWallClock(Now, synchronized: false);
        CommandProcessor processor = Boot();

        Assert.Equal(CommandRejection.None, Process(processor, "ack", Ack(1, 1200, "[[1201,1300],[1400,1400]]")));

        Assert.Equal([1200L], _ledger.Marks);
        Assert.Equal(1, processor.LastAppliedSequenceOf("ack"));
    }

    [Fact]
    public void Resend_AsksForEachRange_InOrder()
    {
        CommandProcessor processor = Boot();

        Assert.Equal(CommandRejection.None, Process(processor, "resend", Resend(7, "[[3,5],[9,9],[12,40]]")));

        Assert.Equal([(3L, 5L), (9L, 9L), (12L, 40L)], _ledger.Resends);
    }

    [Fact]
    public void EachKindCountsItsOwnCmdseq_AndAReplayIsRefused_EvenAfterAReboot()
    {
        CommandProcessor processor = Boot();
        Assert.Equal(CommandRejection.None, Process(processor, "ack", Ack(100, 10)));
        Assert.Equal(CommandRejection.None, Process(processor, "resend", Resend(1, "[[3,4]]")));
        Assert.Equal(CommandRejection.None, Process(processor, "tariff",
            SignedCommands.Seal(SignedCommands.TariffPayload(DeviceId, 1, Now, Now + 3_600_000, SignedCommands.Prices()), CommandKeyId, s_commandKey)));

        CommandProcessor rebooted = Boot();
        Assert.Equal(100, rebooted.LastAppliedSequenceOf("ack"));
        Assert.Equal(1, rebooted.LastAppliedSequenceOf("resend"));
        Assert.Equal(1, rebooted.LastAppliedSequence);
        Assert.Equal(CommandRejection.Replayed, Process(rebooted, "ack", Ack(100, 999)));
        Assert.Equal(CommandRejection.Replayed, Process(rebooted, "resend", Resend(1, "[[3,4]]")));
        Assert.Equal(CommandRejection.None, Process(rebooted, "ack", Ack(101, 12)));
        Assert.Equal([10L, 12L], _ledger.Marks);
        Assert.Equal([(3L, 4L)], _ledger.Resends);
    }

    [Fact]
    public void PollInbox_DispatchesByTopicKind_AndRefusesAPayloadOfAnotherKind()
    {
        CommandProcessor processor = Boot();
        FakeInbox inbox = new();
        processor.Subscribe(inbox);
        inbox.Waiting.Enqueue((s_topics.CommandOf("ack"), Ack(1, 5)));
        inbox.Waiting.Enqueue((s_topics.CommandOf("tariff"), Ack(2, 6)));
        inbox.Waiting.Enqueue((s_topics.CommandOf("resend"), Resend(1, "[[2,2]]")));
        inbox.Waiting.Enqueue(("ec/v1/site1/dev-01/status", Ack(3, 7)));

        Assert.Equal(2, processor.PollInbox(inbox, 8));

        Assert.Equal(["ec/v1/site1/dev-01/cmd/#"], inbox.Subscriptions);
        Assert.Equal([5L], _ledger.Marks);
        Assert.Equal([(2L, 2L)], _ledger.Resends);
        Assert.Equal(1, processor.RejectedCount(CommandRejection.TopicMismatch));
    }

    [Theory]
    [InlineData("{\"v\":1,\"dev\":\"dev-01\",\"cmdseq\":1,\"cmd\":\"resend\",\"ranges\":[]}")]
    [InlineData("{\"v\":1,\"dev\":\"dev-01\",\"cmdseq\":1,\"cmd\":\"resend\",\"ranges\":[[5,3]]}")]
    [InlineData("{\"v\":1,\"dev\":\"dev-01\",\"cmdseq\":1,\"cmd\":\"resend\",\"ranges\":[[3,5],[5,9]]}")]
    [InlineData("{\"v\":1,\"dev\":\"dev-01\",\"cmdseq\":1,\"cmd\":\"resend\",\"ranges\":[[0,2]]}")]
    [InlineData("{\"v\":1,\"dev\":\"dev-01\",\"cmdseq\":1,\"cmd\":\"resend\",\"ranges\":[[3,5]],\"x\":1}")]
    [InlineData("{\"v\":1,\"dev\":\"dev-01\",\"cmdseq\":1,\"cmd\":\"ack\",\"hw\":9,\"gaps\":[[9,12]]}")]
    [InlineData("{\"v\":1,\"dev\":\"dev-01\",\"cmdseq\":1,\"cmd\":\"ack\",\"hw\":9}")]
    [InlineData("{\"v\":1,\"dev\":\"dev-01\",\"cmdseq\":0,\"cmd\":\"ack\",\"hw\":9,\"gaps\":[]}")]
    public void SignedButNotTheOneSpelling_IsRefused(string payload)
    {
        CommandProcessor processor = Boot();

        Assert.Equal(CommandRejection.BadPayload, processor.Process(Seal(payload), Seal(payload).Length));
        Assert.Empty(_ledger.Marks);
        Assert.Empty(_ledger.Resends);
    }

    [Fact]
    public void MoreRangesThanOneCommandHolds_AreRefused()
    {
        CommandProcessor processor = Boot();
        string ranges = "[" + string.Join(",", Enumerable.Range(1, LedgerCommand.MaxRanges + 1).Select(i => $"[{i * 10},{i * 10}]")) + "]";

        Assert.Equal(CommandRejection.BadPayload, Process(processor, "resend", Resend(1, ranges)));
    }

    [Fact]
    public void SignedWithAnotherKid_OrWithoutAnOutbox_IsRefused()
    {
        CommandProcessor processor = Boot();
        byte[] readingKeySigned = SignedCommands.Seal($"{{\"v\":1,\"dev\":\"{DeviceId}\",\"cmdseq\":1,\"cmd\":\"ack\",\"hw\":9,\"gaps\":[]}}", "k1", s_commandKey);
        Assert.Equal(CommandRejection.UnknownKey, Process(processor, "ack", readingKeySigned));

        CommandProcessor tariffOnly = Boot(withLedger: false);
        Assert.Equal(CommandRejection.UnsupportedCommand, Process(tariffOnly, "ack", Ack(1, 9)));
    }

    [Fact]
    public void ARecordOfTheTariffOnlyVersion_StillLoads()
    {
        // Version 1: version byte, cmdseq, from, until, 24 prices (what a device updated in the field has).
        byte[] record = new byte[1 + 24 + (24 * 8)];
        record[0] = 1;
        LittleEndian.WriteInt64(record, 1, 42);
        LittleEndian.WriteInt64(record, 9, Now - 1000);
        LittleEndian.WriteInt64(record, 17, Now + 3_600_000);
        for (int hour = 0; hour < 24; hour++)
        {
            LittleEndian.WriteInt64(record, 25 + (8 * hour), 1000 + hour);
        }

        new TwoSlotRecordStore(_flash, CommandProcessor.RecordName, record.Length + 16).Save(record, record.Length);
        TariffSchedule schedule = new();
        CommandProcessor processor = new(new DeviceIdentity("site1", DeviceId), new HmacSha256Signer(CommandKeyId, s_commandKey),
            _clock, _flash, schedule, s_topics, _ledger);
        processor.Start();

        Assert.Equal(42, processor.LastAppliedSequence);
        Assert.Equal(0, processor.LastAppliedSequenceOf("ack"));
        Assert.Equal(1010, schedule.PriceForHour(10));
        Assert.Equal(CommandRejection.None, Process(processor, "ack", Ack(1, 3)));
    }
}
