using EdgeController.Core.Commands;
using EdgeController.Core.Tariffs;
using EdgeController.Hal.Simulation;
using EdgeController.Hal.Simulation.Signing;
using EdgeController.Hal.Simulation.Storage;

namespace EdgeController.Core.Tests.Commands;

/// <summary>Tariff v2 (a schedule of slots) through the command processor: applied, persisted, restored, never replayed.</summary>
public sealed class CommandProcessorScheduleTests
{
    private const string DeviceId = "dev-01";
    private const string KeyId = "cmd";
    private const long Now = 1_782_036_000_000; // 2026-06-21 10:00 UTC
    private const long Quarter = 900_000;
    private static readonly byte[] s_key = Enumerable.Range(7, 32).Select(i => (byte)i).ToArray();

    private readonly InMemoryNonVolatileStore _flash = new();
    private readonly SimulatedClock _clock = new(Now);

    private (CommandProcessor Processor, TariffSchedule Schedule) Boot() => CommandProcessorBoot.Start(DeviceId, KeyId, s_key, _clock, _flash);

    /// <summary>144 quarter hours of 8-digit prices (the largest v2 payload's shape): -99,999,999 + 1,000,000 k alternating in sign.</summary>
    private static long[] WidePrices(int offset) =>
        Enumerable.Range(0, TariffSchedule.MaximumSlots).Select(k => (k % 2 == 0 ? -1L : 1L) * (99_999_999 - (k * 1000) - offset)).ToArray();

    private static byte[] Schedule(long cmdseq, long[] import, long[]? export = null, long from = Now - Quarter) =>
        SignedCommands.Seal(SignedCommands.SchedulePayload(DeviceId, cmdseq, from, 15, import, export), KeyId, s_key);

    [Fact]
    public void LargestSchedule_FitsTheCommandBuffer_AndIsApplied()
    {
        (CommandProcessor processor, TariffSchedule schedule) = Boot();
        long[] import = WidePrices(0);
        long[] export = WidePrices(5);
        byte[] message = Schedule(3, import, export);
        Assert.True(message.Length > 2 * 1024, $"{message.Length} bytes: beyond the v1 budget");
        Assert.True(message.Length <= CommandProcessor.MaxMessageBytes);

        Assert.Equal(CommandRejection.None, processor.Process("tariff", message, message.Length));

        Assert.Equal(15, schedule.StepMinutes);
        Assert.True(schedule.TryGetPricesAt(Now - Quarter + (143 * Quarter), out long lastImport, out bool hasExport, out long lastExport));
        Assert.Equal(import[143], lastImport);
        Assert.True(hasExport);
        Assert.Equal(export[143], lastExport);
        Assert.False(schedule.IsActiveAt(Now - Quarter + (144 * Quarter)));
        Assert.Equal(3, processor.LastAppliedSequence);
    }

    [Fact]
    public void Schedule_SurvivesAReboot_AndItsCmdseqStillBarsAReplay()
    {
        (CommandProcessor processor, _) = Boot();
        long[] import = WidePrices(0);
        Assert.Equal(CommandRejection.None, processor.Process("tariff", Schedule(9, import), Schedule(9, import).Length));

        (CommandProcessor rebooted, TariffSchedule restored) = Boot();

        Assert.Equal(9, rebooted.LastAppliedSequence);
        Assert.True(restored.TryGetPricesAt(Now + (2 * Quarter), out long price, out bool hasExport, out _));
        Assert.Equal(import[3], price);
        Assert.False(hasExport);
        byte[] replay = Schedule(9, WidePrices(1));
        Assert.Equal(CommandRejection.Replayed, rebooted.Process("tariff", replay, replay.Length));
    }

    [Fact]
    public void NewerTable_AfterASchedule_WinsAtTheNextBoot_AndTheOlderScheduleStaysBarred()
    {
        (CommandProcessor processor, _) = Boot();
        byte[] schedule = Schedule(4, WidePrices(0));
        Assert.Equal(CommandRejection.None, processor.Process("tariff", schedule, schedule.Length));
        byte[] table = SignedCommands.Seal(SignedCommands.TariffPayload(DeviceId, 5, Now - Quarter, Now + 86_400_000, SignedCommands.Prices()), KeyId, s_key);
        Assert.Equal(CommandRejection.None, processor.Process("tariff", table, table.Length));

        (CommandProcessor rebooted, TariffSchedule restored) = Boot();

        Assert.Equal(5, rebooted.LastAppliedSequence);
        Assert.Equal(0, restored.StepMinutes);
        Assert.True(restored.TryGetPriceAt(Now, out long price));
        Assert.Equal(110_000, price); // the table's 10:00 UTC
        Assert.Equal(CommandRejection.Replayed, rebooted.Process("tariff", schedule, schedule.Length));
    }

    [Fact]
    public void ExpiredSchedule_IsRefused_AndOneAboveTheBudget_IsBadPayload()
    {
        (CommandProcessor processor, TariffSchedule schedule) = Boot();
        byte[] expired = Schedule(1, [100_000, 120_000], from: Now - (2 * Quarter));
        Assert.Equal(CommandRejection.Expired, processor.Process("tariff", expired, expired.Length));

        // 145 prices: one slot beyond the 36 h the schedule may span.
        byte[] tooLong = Schedule(2, Enumerable.Repeat(100_000L, TariffSchedule.MaximumSlots + 1).ToArray());
        Assert.Equal(CommandRejection.BadPayload, processor.Process("tariff", tooLong, tooLong.Length));
        Assert.False(schedule.IsActiveAt(Now));
    }
}
