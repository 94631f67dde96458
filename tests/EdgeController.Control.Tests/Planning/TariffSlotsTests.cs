using System.Text;
using EdgeController.Core.Commands;
using EdgeController.Core.Control;
using EdgeController.Core.Planning;
using EdgeController.Core.Tariffs;

namespace EdgeController.Control.Tests.Planning;

/// <summary>The 15-minute tariff path: command v2, the schedule's slots, and the follower's forward prices.</summary>
public sealed class TariffSlotsTests
{
    private const long Midnight = 1_795_564_800_000; // 2026-11-25 00:00 UTC
    private const long Quarter = 900_000;

    private static byte[] Version2(int count, bool export = true, int step = 15, long from = Midnight)
    {
        var json = new StringBuilder("{\"v\":2,\"dev\":\"d1\",\"cmdseq\":7,\"from\":").Append(from)
            .Append(",\"step\":").Append(step).Append(",\"cmd\":\"tariff\",\"import\":[");
        json.Append(string.Join(",", Enumerable.Range(0, count).Select(i => 100_000 + i)));
        if (export)
        {
            json.Append("],\"export\":[").Append(string.Join(",", Enumerable.Range(0, count).Select(i => -i)));
        }

        return Encoding.ASCII.GetBytes(json.Append("]}").ToString());
    }

    [Fact]
    public void Reader_Version2With144QuarterHours_ReadsEverySlotWithinItsBudget()
    {
        byte[] payload = Version2(144);
        var command = new TariffCommand();

        Assert.Equal(CommandRejection.None, TariffCommandReader.TryReadAnyVersion(payload, 0, payload.Length, "d1", command));

        Assert.True(payload.Length <= TariffCommand.MaximumVersion2PayloadBytes);
        Assert.Equal(2, command.Version);
        Assert.Equal(144, command.SlotCount);
        Assert.True(command.HasExport);
        Assert.Equal(100_143, command.ImportMicrocurrencyPerKilowattHour[143]);
        Assert.Equal(-143, command.ExportMicrocurrencyPerKilowattHour[143]);
        Assert.Equal(Midnight + (144 * Quarter), command.ValidUntilUnixMilliseconds);
    }

    [Fact]
    public void Reader_HourlyOnlyEntry_RefusesAVersion2Command()
    {
        byte[] payload = Version2(24);

        Assert.Equal(CommandRejection.BadPayload, TariffCommandReader.TryRead(payload, 0, payload.Length, "d1", new TariffCommand()));
    }

    [Theory]
    [InlineData(145, true, 15)]
    [InlineData(24, true, 30)]
    [InlineData(0, true, 15)]
    public void Reader_Version2OutOfBounds_IsRefused(int count, bool export, int step)
    {
        byte[] payload = Version2(count, export, step);

        Assert.Equal(CommandRejection.BadPayload, TariffCommandReader.TryReadAnyVersion(payload, 0, payload.Length, "d1", new TariffCommand()));
    }

    [Fact]
    public void Reader_Version2WithFewerExportThanImportPrices_IsRefused()
    {
        string text = Encoding.ASCII.GetString(Version2(4)).Replace(",-3]}", "]}", StringComparison.Ordinal);
        byte[] payload = Encoding.ASCII.GetBytes(text);

        Assert.Equal(CommandRejection.BadPayload, TariffCommandReader.TryReadAnyVersion(payload, 0, payload.Length, "d1", new TariffCommand()));
    }

    [Fact]
    public void Schedule_Slots_GiveEachQuarterItsPricesAndEndAfterTheLast()
    {
        byte[] payload = Version2(8, export: false);
        var command = new TariffCommand();
        TariffCommandReader.TryReadAnyVersion(payload, 0, payload.Length, "d1", command);
        var schedule = new TariffSchedule();

        command.ApplyTo(schedule);

        Assert.True(schedule.TryGetPricesAt(Midnight + (3 * Quarter) + 1, out long import, out bool hasExport, out _));
        Assert.Equal(100_003, import);
        Assert.False(hasExport);
        Assert.False(schedule.TryGetPricesAt(Midnight + (8 * Quarter), out _, out _, out _));
        Assert.Equal(15, schedule.StepMinutes);
    }

    [Fact]
    public void Follower_FillsPublishedSlotsThenRepeatsTheDayBefore()
    {
        var schedule = new TariffSchedule();
        var tariff = new TimeOfUseTariff(200_000, 50_000);
        var prices = new ForwardPrices();
        var follower = new TariffFollower(schedule, tariff, 0) { ForwardPrices = prices };
        // Published: the whole of today, quarter by quarter.
        long[] import = Enumerable.Range(0, 96).Select(i => (long)(300_000 + i)).ToArray();
        long[] export = Enumerable.Range(0, 96).Select(i => (long)(-1000 - i)).ToArray();
        schedule.SetSlots(9, Midnight, 15, import, export, 96);

        follower.Update(Midnight + (80 * Quarter) + 5, wallClockSynchronized: true);

        Assert.Equal(96, prices.Count);
        Assert.Equal(16, prices.PublishedCount);
        Assert.Equal(300_080, prices.ImportAt(0));
        Assert.Equal(-1080, prices.ExportAt(0));
        // Slot 16 is tomorrow 00:00, not published: today's 00:00 again.
        Assert.Equal(300_000, prices.ImportAt(16));
        Assert.Equal(-1000, prices.ExportAt(16));
    }

    [Fact]
    public void Follower_RefillsAtEachSlotBoundaryOnly()
    {
        var schedule = new TariffSchedule();
        var prices = new ForwardPrices();
        var follower = new TariffFollower(schedule, new TimeOfUseTariff(200_000, 50_000), 0) { ForwardPrices = prices };
        follower.Update(Midnight, true);
        int version = prices.Version;

        follower.Update(Midnight + Quarter - 1, true);
        Assert.Equal(version, prices.Version);
        follower.Update(Midnight + Quarter, true);
        Assert.Equal(version + 1, prices.Version);
    }
}
