using System.Text;
using EdgeController.Core.Commands;
using EdgeController.Core.Tariffs;
using EdgeController.Hal.Simulation;
using EdgeController.Hal.Simulation.Signing;
using EdgeController.Hal.Simulation.Storage;

namespace EdgeController.Core.Tests.Commands;

public sealed class CommandProcessorTests
{
    private const string DeviceId = "dev-01";
    private const string GatewayKeyId = "gw1";
    private const long Now = 1_782_036_000_000; // 2026-06-21 10:00 UTC
    private const long Hour = 3_600_000;
    private static readonly byte[] s_gatewayKey = Enumerable.Range(40, 32).Select(i => (byte)i).ToArray();

    private readonly InMemoryNonVolatileStore _flash = new();
    private readonly SimulatedClock _clock = new(Now);

    private (CommandProcessor Processor, TariffSchedule Schedule) Boot() => CommandProcessorBoot.Start(DeviceId, GatewayKeyId, s_gatewayKey, _clock, _flash);

    private static byte[] Tariff(long cmdseq, long from = Now - Hour, long until = Now + (24 * Hour), string keyId = GatewayKeyId, string device = DeviceId) =>
        SignedCommands.Seal(SignedCommands.TariffPayload(device, cmdseq, from, until, SignedCommands.Prices()), keyId, s_gatewayKey);

    private static CommandRejection Process(CommandProcessor processor, byte[] message) => processor.Process(message, message.Length);

    [Fact]
    public void SignedFreshTariff_IsApplied_ForDispatchToRead()
    {
        (CommandProcessor processor, TariffSchedule schedule) = Boot();

        Assert.Equal(CommandRejection.None, Process(processor, Tariff(1)));

        Assert.True(schedule.TryGetPriceAt(Now, out long price));
        Assert.Equal(110_000, price); // 10:00 UTC
        Assert.True(schedule.TryGetPriceAt(Now + (14 * Hour), out price));
        Assert.Equal(100_000, price); // 00:00 UTC next day
        Assert.False(schedule.TryGetPriceAt(Now + (24 * Hour), out _));
        Assert.False(schedule.TryGetPriceAt(Now - (2 * Hour), out _));
        Assert.Equal(1, processor.LastAppliedSequence);
    }

    [Fact]
    public void Unsigned_IsRejected()
    {
        (CommandProcessor processor, TariffSchedule schedule) = Boot();
        byte[] unsigned = Encoding.ASCII.GetBytes(SignedCommands.TariffPayload(DeviceId, 1, Now, Now + Hour, SignedCommands.Prices()));

        Assert.Equal(CommandRejection.NotSigned, Process(processor, unsigned));
        Assert.False(schedule.IsActiveAt(Now));
    }

    [Fact]
    public void TamperedPayload_FailsTheSignature()
    {
        (CommandProcessor processor, TariffSchedule schedule) = Boot();
        byte[] message = Tariff(1);
        int price = Encoding.ASCII.GetString(message).IndexOf("110000", StringComparison.Ordinal);
        message[price] = (byte)'9';

        Assert.Equal(CommandRejection.BadSignature, Process(processor, message));
        Assert.False(schedule.IsActiveAt(Now));
    }

    [Fact]
    public void OtherKeyOrOtherDevice_IsRejected()
    {
        (CommandProcessor processor, _) = Boot();

        Assert.Equal(CommandRejection.UnknownKey, Process(processor, Tariff(1, keyId: "gw2")));
        Assert.Equal(CommandRejection.WrongDevice, Process(processor, Tariff(1, device: "dev-02")));
        Assert.Equal(1, processor.RejectedCount(CommandRejection.UnknownKey));
    }

    [Fact]
    public void Replayed_OrOlderCmdseq_IsRejected_EvenAfterAReboot()
    {
        (CommandProcessor processor, _) = Boot();
        Assert.Equal(CommandRejection.None, Process(processor, Tariff(5)));

        Assert.Equal(CommandRejection.Replayed, Process(processor, Tariff(5)));
        Assert.Equal(CommandRejection.Replayed, Process(processor, Tariff(4)));

        (CommandProcessor rebooted, TariffSchedule restored) = Boot();
        Assert.Equal(5, rebooted.LastAppliedSequence);
        Assert.True(restored.TryGetPriceAt(Now, out long price));
        Assert.Equal(110_000, price);
        Assert.Equal(CommandRejection.Replayed, Process(rebooted, Tariff(5)));
        Assert.Equal(CommandRejection.None, Process(rebooted, Tariff(6)));
    }

    [Fact]
    public void Expired_OrWithAnUnsyncedClock_IsRejected()
    {
        (CommandProcessor processor, TariffSchedule schedule) = Boot();

        Assert.Equal(CommandRejection.Expired, Process(processor, Tariff(1, from: Now - (2 * Hour), until: Now)));

        _clock.SetWallClock(Now, synchronized: false);
        Assert.Equal(CommandRejection.ClockNotSynchronized, Process(processor, Tariff(2)));
        Assert.False(schedule.IsActiveAt(Now));
    }

    [Fact]
    public void NotYetValid_IsAppliedButInactiveUntilItsWindow()
    {
        (CommandProcessor processor, TariffSchedule schedule) = Boot();

        Assert.Equal(CommandRejection.None, Process(processor, Tariff(1, from: Now + Hour, until: Now + (2 * Hour))));

        Assert.False(schedule.IsActiveAt(Now));
        Assert.True(schedule.IsActiveAt(Now + Hour));
    }

    [Theory]
    [InlineData("{\"v\":1,\"dev\":\"dev-01\",\"cmdseq\": 1,\"from\":0,\"until\":9999999999999,\"cmd\":\"tariff\",\"tou\":[0]}", CommandRejection.BadPayload)]
    [InlineData("{\"v\":1,\"dev\":\"dev-01\",\"cmdseq\":1,\"from\":0,\"until\":9999999999999,\"cmd\":\"setpoint\",\"tou\":[0]}", CommandRejection.UnsupportedCommand)]
    [InlineData("{\"v\":1,\"dev\":\"dev-01\",\"cmdseq\":01,\"from\":0,\"until\":9999999999999,\"cmd\":\"tariff\",\"tou\":[0]}", CommandRejection.BadPayload)]
    [InlineData("{\"v\":2,\"dev\":\"dev-01\",\"cmdseq\":1,\"from\":0,\"until\":9999999999999,\"cmd\":\"tariff\",\"tou\":[0]}", CommandRejection.BadPayload)]
    [InlineData("{\"v\":3,\"dev\":\"dev-01\",\"cmdseq\":1,\"from\":0,\"step\":15,\"cmd\":\"tariff\",\"import\":[0]}", CommandRejection.NotSigned)]
    public void SignedButNotTheOneSpelling_IsRejected(string payload, CommandRejection expected)
    {
        (CommandProcessor processor, _) = Boot();

        Assert.Equal(expected, Process(processor, SignedCommands.Seal(payload, GatewayKeyId, s_gatewayKey)));
    }

    [Fact]
    public void WrongNumberOfPrices_OrAnEmptyWindow_IsRejected()
    {
        (CommandProcessor processor, _) = Boot();
        string short23 = SignedCommands.TariffPayload(DeviceId, 1, Now, Now + Hour, SignedCommands.Prices().Take(23));
        string extra25 = SignedCommands.TariffPayload(DeviceId, 1, Now, Now + Hour, SignedCommands.Prices().Append(1));
        string emptyWindow = SignedCommands.TariffPayload(DeviceId, 1, Now + Hour, Now + Hour, SignedCommands.Prices());

        Assert.Equal(CommandRejection.BadPayload, Process(processor, SignedCommands.Seal(short23, GatewayKeyId, s_gatewayKey)));
        Assert.Equal(CommandRejection.BadPayload, Process(processor, SignedCommands.Seal(extra25, GatewayKeyId, s_gatewayKey)));
        Assert.Equal(CommandRejection.BadPayload, Process(processor, SignedCommands.Seal(emptyWindow, GatewayKeyId, s_gatewayKey)));
    }

    [Fact]
    public void NegativePrices_AreKept()
    {
        (CommandProcessor processor, TariffSchedule schedule) = Boot();
        long[] prices = SignedCommands.Prices();
        prices[10] = -25_000;

        Assert.Equal(CommandRejection.None, Process(processor, SignedCommands.Seal(SignedCommands.TariffPayload(DeviceId, 1, Now, Now + Hour, prices), GatewayKeyId, s_gatewayKey)));
        Assert.Equal(-25_000, schedule.PriceForHour(10));
    }
}
