using System.Text;
using EdgeController.Core;
using EdgeController.Core.Commands;
using EdgeController.Core.Tariffs;
using EdgeController.Core.Telemetry;
using EdgeController.Hal.Simulation;
using EdgeController.Hal.Simulation.Signing;
using EdgeController.Hal.Simulation.Storage;
using EdgeController.Ledger;

namespace EdgeController.Gateway.Tests;

/// <summary>The gateway end of ack and resend, checked against the device's own command processor.</summary>
public sealed class LedgerCommandPublisherTests : IDisposable
{
    private static readonly byte[] s_commandKey = Enumerable.Range(90, 32).Select(i => (byte)i).ToArray();
    private readonly TemporaryFolder _folder = new();
    private readonly LedgerDatabase _ledger;
    private readonly LedgerIngestor _ingestor;
    private readonly KeyRegistry _registry = SignedReadings.Registry();
    private readonly LedgerCommandPublisher _publisher;

    private sealed class RecordingOutbox : ILedgerAcknowledgement
    {
        public List<long> Marks { get; } = [];

        public List<(long First, long Last)> Resends { get; } = [];

        public void Acknowledge(long throughSequence) => Marks.Add(throughSequence);

        public void RequestResend(long firstSequence, long lastSequence) => Resends.Add((firstSequence, lastSequence));
    }

    public LedgerCommandPublisherTests()
    {
        _registry.Set("dev-a", KeyRegistry.CommandKeyId, s_commandKey);
        _ledger = LedgerDatabase.Open(_folder.File("ledger.db"));
        _ingestor = new LedgerIngestor(_registry, _ledger, () => 1);
        _publisher = new LedgerCommandPublisher(_ledger, _registry, _ => "site1");
    }

    public void Dispose()
    {
        _ledger.Dispose();
        _folder.Dispose();
    }

    private void Ingest(string device, params long[] seqs)
    {
        foreach (long seq in seqs)
        {
            _ingestor.Ingest(SignedReadings.Topic(device), SignedReadings.Reading(device, seq));
        }
    }

    private static (CommandProcessor Processor, RecordingOutbox Outbox) Device(bool synchronisedClock = false)
    {
        SimulatedClock clock = new(1_782_036_000_000);
        clock.SetWallClock(1_782_036_000_000, synchronisedClock);
        RecordingOutbox outbox = new();
        CommandProcessor processor = new(new DeviceIdentity("site1", "dev-a"), new HmacSha256Signer(KeyRegistry.CommandKeyId, s_commandKey),
            clock, new InMemoryNonVolatileStore(), new TariffSchedule(), new TopicNames("site1", "dev-a"), outbox);
        processor.Start();
        return (processor, outbox);
    }

    private static CommandRejection Deliver(CommandProcessor processor, OutgoingCommand command)
    {
        string prefix = new TopicNames("site1", command.DeviceId).CommandPrefix;
        Assert.StartsWith(prefix, command.Topic);
        return processor.Process(command.Topic[prefix.Length..], command.Message, command.Message.Length);
    }

    [Fact]
    public void AckAndResend_AreWhatTheDeviceAccepts_WithoutAClock()
    {
        Ingest("dev-a", 1, 2, 5, 6, 9);
        (CommandProcessor device, RecordingOutbox outbox) = Device(synchronisedClock: false);

        IReadOnlyList<OutgoingCommand> due = _publisher.Due(10_000);

        OutgoingCommand ack = Assert.Single(due, command => command.Kind == "ack");
        OutgoingCommand resend = Assert.Single(due, command => command.Kind == "resend");
        Assert.True(ack.Retain);
        Assert.False(resend.Retain);
        Assert.Equal("ec/v1/site1/dev-a/cmd/ack", ack.Topic);
        Assert.Contains("\"hw\":2,\"gaps\":[[3,4],[7,8]]", Encoding.ASCII.GetString(ack.Message), StringComparison.Ordinal);
        Assert.Equal(CommandRejection.None, Deliver(device, ack));
        Assert.Equal(CommandRejection.None, Deliver(device, resend));
        Assert.Equal([2L], outbox.Marks);
        Assert.Equal([(3L, 4L), (7L, 8L)], outbox.Resends);
    }

    [Fact]
    public void Ack_IsSentWhenTheMarkMoves_AtMostOnceAPacingInterval()
    {
        Ingest("dev-a", 1, 2);
        Assert.Single(_publisher.Due(10_000), command => command.Kind == "ack");
        Assert.Empty(_publisher.Due(11_000)); // nothing moved

        Ingest("dev-a", 3);
        Assert.Empty(_publisher.Due(12_000)); // moved, but within the interval
        OutgoingCommand ack = Assert.Single(_publisher.Due(13_000));
        Assert.Contains("\"hw\":3,", Encoding.ASCII.GetString(ack.Message), StringComparison.Ordinal);
    }

    [Fact]
    public void Resend_IsRepeatedWithABackoff_WhileTheGapStaysOpen_AndStopsWhenItIsFilled()
    {
        Ingest("dev-a", 1, 4);
        List<long> sentAt = [];
        for (long now = 10_000; now <= 40_000; now += 1000)
        {
            sentAt.AddRange(_publisher.Due(now).Where(command => command.Kind == "resend").Select(_ => now));
        }

        Assert.Equal([10_000L, 12_000L, 16_000L, 24_000L, 40_000L], sentAt); // 2, 4, 8, 16 s apart

        Ingest("dev-a", 2, 3);
        OutgoingCommand ack = Assert.Single(_publisher.Due(100_000)); // the ack of the new mark, no resend
        Assert.Equal("ack", ack.Kind);
        (CommandProcessor device, RecordingOutbox outbox) = Device();
        Assert.Equal(CommandRejection.None, Deliver(device, ack));
        Assert.Equal([4L], outbox.Marks);
    }

    [Fact]
    public void EachCommand_HasAHigherCmdseqThanTheLastOfItsKind_AcrossAGatewayRestart()
    {
        Ingest("dev-a", 1);
        (CommandProcessor device, _) = Device();
        Assert.Equal(CommandRejection.None, Deliver(device, Assert.Single(_publisher.Due(10_000))));

        // A new gateway process over the same ledger, at the same wall-clock millisecond.
        LedgerCommandPublisher restarted = new(_ledger, _registry, _ => "site1");
        Assert.Equal(CommandRejection.None, Deliver(device, Assert.Single(restarted.Due(10_000))));
        Assert.Equal(2, device.AcceptedCount);
    }

    [Fact]
    public void ADeviceWithoutACommandKey_GetsNoCommand_AndIsNamed()
    {
        Ingest("dev-b", 1, 3);

        Assert.Empty(_publisher.Due(10_000));
        Assert.Equal(["dev-b"], _publisher.DevicesWithoutCommandKey);
    }

    [Fact]
    public void TheGatewaysOwnMarketRecords_AreNoDevice_ToAckOrToWarnAbout()
    {
        _ledger.AppendGatewayRecord("_market", 1, "{}"u8.ToArray(), 5_000);
        Ingest("dev-a", 1);

        OutgoingCommand ack = Assert.Single(_publisher.Due(10_000));
        Assert.Equal("dev-a", ack.DeviceId);
        Assert.Empty(_publisher.DevicesWithoutCommandKey);
    }

    [Fact]
    public void Tariff_IsWhatTheDeviceAccepts()
    {
        (CommandProcessor device, _) = Device(synchronisedClock: true);
        long[] prices = Enumerable.Range(0, 24).Select(hour => 150_000L - hour).ToArray();
        byte[] message = LedgerCommands.Seal(LedgerCommands.TariffPayload("dev-a", 7, 1_782_036_000_000 - 1000, 1_782_036_000_000 + 3_600_000, prices), s_commandKey);

        Assert.Equal(CommandRejection.None, device.Process("tariff", message, message.Length));
        Assert.Equal(7, device.LastAppliedSequenceOf("tariff"));
    }

    [Fact]
    public void Schedule_FromACsvFile_IsWhatTheDeviceAccepts_WithItsPricesInMicrocurrency()
    {
        (CommandProcessor device, _) = Device(synchronisedClock: true);
        TariffScheduleFile file = TariffScheduleFile.ParseCsv(
            "time,import_price,export_price\n2026-06-21T10:00:00Z,0.2315,-0.0125\n2026-06-21T10:15:00Z,0.25,0.05\n2026-06-21T12:30:00+02:00,0.1,0\n");
        Assert.Equal(15, file.StepMinutes);
        Assert.Equal([231_500L, 250_000L, 100_000L], file.Import);
        Assert.Equal([-12_500L, 50_000L, 0L], file.Export!);

        byte[] message = LedgerCommands.Seal(LedgerCommands.SchedulePayload("dev-a", 8, file.From.ToUnixTimeMilliseconds(), file.StepMinutes, file.Import, file.Export), s_commandKey);

        Assert.Equal(CommandRejection.None, device.Process("tariff", message, message.Length));
        Assert.Equal(8, device.LastAppliedSequenceOf("tariff"));
    }

    [Fact]
    public void Schedule_FromJson_TakesHourlySlots_AndRefusesGapsOrTooManySlots()
    {
        TariffScheduleFile file = TariffScheduleFile.ParseJson("{\"from\":\"2026-06-21T12:00:00Z\",\"step\":60,\"import\":[0.3,-0.02],\"export\":[0.1,-0.05]}");
        Assert.Equal(60, file.StepMinutes);
        Assert.Equal([300_000L, -20_000L], file.Import);

        Assert.Throws<FormatException>(() => TariffScheduleFile.ParseCsv("time,import_price\n2026-06-21T10:00:00Z,0.2\n2026-06-21T10:15:00Z,0.2\n2026-06-21T10:45:00Z,0.2\n"));
        string tooMany = "{\"from\":\"2026-06-21T12:00:00Z\",\"step\":15,\"import\":[" + string.Join(",", Enumerable.Repeat("0.2", 145)) + "]}";
        Assert.Throws<FormatException>(() => TariffScheduleFile.ParseJson(tooMany));
        Assert.Throws<ArgumentException>(() => LedgerCommands.SchedulePayload("dev-a", 1, 0, 15, [100_000_000L], null));
    }
}
