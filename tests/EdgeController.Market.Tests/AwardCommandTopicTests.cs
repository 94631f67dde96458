using EdgeController.Core;
using EdgeController.Core.Commands;
using EdgeController.Core.Market;
using EdgeController.Core.Tariffs;
using EdgeController.Core.Telemetry;
using EdgeController.Hal.Simulation;
using EdgeController.Hal.Simulation.Signing;
using EdgeController.Hal.Simulation.Storage;
using EdgeController.Ledger.Market;

namespace EdgeController.Market.Tests;

/// <summary>cmd/award through the device's command processor: the gateway's bytes, signed with the device's cmd key, applied once, kept across a reboot.</summary>
public sealed class AwardCommandTopicTests
{
    private const string DeviceId = "dev-a";
    private const long SlotMilliseconds = 900_000;
    private const long Slot = 1_782_036_000_000; // 2026-06-21 10:00 UTC
    private static readonly byte[] s_commandKey = Enumerable.Range(7, 32).Select(i => (byte)i).ToArray();

    private readonly InMemoryNonVolatileStore _flash = new();
    private readonly SimulatedClock _clock = new(Slot - 50_000);

    private (CommandProcessor Processor, AwardFollower Follower) Boot(bool market = true)
    {
        CommandProcessor processor = new(new DeviceIdentity("site1", DeviceId), new HmacSha256Signer("cmd", s_commandKey), _clock, _flash,
            new TariffSchedule(), new TopicNames("site1", DeviceId));
        processor.Start();
        AwardFollower follower = new();
        if (market)
        {
            AwardCommandHandler awards = new(follower, _clock, _flash);
            awards.Start();
            processor.Awards = awards;
        }

        return (processor, follower);
    }

    private static byte[] Award(long slot, long sellWh, byte[]? key = null, string device = DeviceId) =>
        MarketRecordWriter.Seal(AwardCommandWriter.Payload(device, slot, SlotMilliseconds, 0, sellWh, 150_000), new HmacSha256Signer("cmd", key ?? s_commandKey));

    private static CommandRejection Process(CommandProcessor processor, string topicKind, byte[] message) => processor.Process(topicKind, message, message.Length);

    [Fact]
    public void A_signed_award_reaches_the_follower_and_a_replay_is_refused_even_after_a_reboot()
    {
        (CommandProcessor processor, AwardFollower follower) = Boot();
        Assert.Equal(CommandRejection.None, Process(processor, "award", Award(Slot, 40)));
        Assert.Equal(Slot / SlotMilliseconds, follower.AppliedCommandSequence);
        Assert.Equal(Slot / SlotMilliseconds, processor.LastAppliedSequenceOf(CommandKinds.Award));
        Assert.Equal(CommandRejection.Replayed, Process(processor, "award", Award(Slot, 40)));

        (CommandProcessor rebooted, _) = Boot();
        Assert.Equal(CommandRejection.Replayed, Process(rebooted, "award", Award(Slot, 40)));
        Assert.Equal(CommandRejection.None, Process(rebooted, "award", Award(Slot + SlotMilliseconds, 10)));
    }

    [Fact]
    public void Anything_but_a_fresh_signed_award_for_this_device_on_its_topic_is_refused_with_its_reason()
    {
        (CommandProcessor processor, AwardFollower follower) = Boot();
        Assert.Equal(CommandRejection.BadSignature, Process(processor, "award", Award(Slot, 40, key: new byte[32])));
        Assert.Equal(CommandRejection.WrongDevice, Process(processor, "award", Award(Slot, 40, device: "dev-b")));
        Assert.Equal(CommandRejection.TopicMismatch, Process(processor, "tariff", Award(Slot, 40)));
        Assert.Equal(CommandRejection.Expired, Process(processor, "award", Award(Slot - (2 * SlotMilliseconds), 40)));
        _clock.SetWallClock(_clock.UnixTimeMilliseconds, synchronized: false);
        Assert.Equal(CommandRejection.ClockNotSynchronized, Process(processor, "award", Award(Slot, 40)));
        Assert.Equal(0, follower.AppliedCommandSequence);
        Assert.Equal(5, Enumerable.Range(0, 11).Sum(reason => processor.RejectedCount((CommandRejection)reason)));
    }

    [Fact]
    public void A_device_that_does_not_trade_refuses_awards_as_unsupported()
    {
        (CommandProcessor processor, _) = Boot(market: false);
        Assert.Equal(CommandRejection.UnsupportedCommand, Process(processor, "award", Award(Slot, 40)));
        Assert.Equal(0, processor.LastAppliedSequenceOf(CommandKinds.Award));
    }
}
