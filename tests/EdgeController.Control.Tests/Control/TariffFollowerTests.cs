using EdgeController.Core.Control;
using EdgeController.Core.Planning;
using EdgeController.Core.Tariffs;

namespace EdgeController.Control.Tests.Control;

public sealed class TariffFollowerTests
{
    private const int ConfigImport = 200_000;
    private const int ConfigPeakImport = 400_000;
    private const int ConfigExport = 50_000;
    private const long Hour = 3_600_000;

    // 2026-11-25 00:00 UTC, a whole number of days since 1970.
    private const long Midnight = 1_795_564_800_000;
    private const long ValidFrom = Midnight;
    private const long ValidUntil = Midnight + (24 * Hour);
    private const long CommandSequence = 42;

    private readonly TariffSchedule _schedule = new();
    private readonly TimeOfUseTariff _tariff = new(ConfigImport, ConfigExport);

    public TariffFollowerTests()
    {
        _tariff.SetImportPrice(17, 21, ConfigPeakImport);
    }

    /// <summary>A distinct price for every UTC hour, so that a price names the hour it came from.</summary>
    private static long SchedulePriceOfUtcHour(int utcHour) => 1_000_000 + (utcHour * 1_000);

    private static long[] SchedulePrices() => Enumerable.Range(0, 24).Select(SchedulePriceOfUtcHour).ToArray();

    private TariffFollower FollowerAt(int utcOffsetMinutes) => new(_schedule, _tariff, utcOffsetMinutes);

    private void AssertConfigPrices()
    {
        for (int hour = 0; hour < 24; hour++)
        {
            Assert.Equal(hour >= 17 && hour < 21 ? ConfigPeakImport : ConfigImport, _tariff.ImportPriceAt(hour));
            Assert.Equal(ConfigExport, _tariff.ExportPriceAt(hour));
        }
    }

    [Fact]
    public void Update_BeforeAnySchedule_LeavesTheConfigPrices()
    {
        TariffFollower follower = FollowerAt(60);

        follower.Update(Midnight + (5 * Hour), wallClockSynchronized: true);

        AssertConfigPrices();
        Assert.Equal(0, follower.AppliedCommandSequence);
        Assert.Equal(0, _tariff.ScheduleVersion);
    }

    [Theory]
    [InlineData(60)] // Central Europe in winter
    [InlineData(0)]
    [InlineData(-300)] // US Eastern
    [InlineData(330)] // India: local hours start on the half hour of UTC
    [InlineData(345)] // Nepal
    [InlineData(-570)] // Marquesas
    public void Update_ActiveSchedule_GivesEachLocalHourThePriceOfTheUtcHourItStartsIn(int utcOffsetMinutes)
    {
        TariffFollower follower = FollowerAt(utcOffsetMinutes);
        _schedule.Set(CommandSequence, ValidFrom, ValidUntil, SchedulePrices());

        follower.Update(Midnight + (5 * Hour), wallClockSynchronized: true);

        for (int localHour = 0; localHour < 24; localHour++)
        {
            // Floored division: local 00:00 at +05:30 is 18:30 UTC the day before, in UTC hour 18.
            int utcHour = (int)(((Math.Floor(((localHour * 60) - utcOffsetMinutes) / 60.0) % 24) + 24) % 24);
            Assert.True(SchedulePriceOfUtcHour(utcHour) == _tariff.ImportPriceAt(localHour), $"local hour {localHour} at {utcOffsetMinutes:+0;-0} min: {_tariff.ImportPriceAt(localHour)}, expected UTC hour {utcHour}'s");
        }

        Assert.Equal(CommandSequence, follower.AppliedCommandSequence);
    }

    [Theory]
    [InlineData(60, 0, 23)]
    [InlineData(-300, 0, 5)]
    [InlineData(330, 0, 18)]
    [InlineData(330, 6, 0)]
    public void Update_ActiveSchedule_MapsTheseLocalHoursToTheseUtcHours(int utcOffsetMinutes, int localHour, int utcHour)
    {
        TariffFollower follower = FollowerAt(utcOffsetMinutes);
        _schedule.Set(CommandSequence, ValidFrom, ValidUntil, SchedulePrices());

        follower.Update(Midnight, wallClockSynchronized: true);

        Assert.Equal(SchedulePriceOfUtcHour(utcHour), _tariff.ImportPriceAt(localHour));
    }

    [Fact]
    public void Update_ActiveSchedule_KeepsTheConfigExportPrices()
    {
        TariffFollower follower = FollowerAt(60);
        _schedule.Set(CommandSequence, ValidFrom, ValidUntil, SchedulePrices());

        follower.Update(Midnight, wallClockSynchronized: true);

        Assert.All(Enumerable.Range(0, 24), hour => Assert.Equal(ConfigExport, _tariff.ExportPriceAt(hour)));
    }

    [Fact]
    public void Update_AfterTheScheduleExpires_RestoresTheConfigPrices()
    {
        TariffFollower follower = FollowerAt(60);
        _schedule.Set(CommandSequence, ValidFrom, ValidUntil, SchedulePrices());
        follower.Update(ValidUntil - 1, wallClockSynchronized: true);
        Assert.Equal(CommandSequence, follower.AppliedCommandSequence);

        follower.Update(ValidUntil, wallClockSynchronized: true);

        AssertConfigPrices();
        Assert.Equal(0, follower.AppliedCommandSequence);
    }

    [Fact]
    public void Update_ClockNotSynchronized_IgnoresTheSchedule()
    {
        // An unsynchronised clock may read any time: a window check against it means nothing.
        TariffFollower follower = FollowerAt(60);
        _schedule.Set(CommandSequence, ValidFrom, ValidUntil, SchedulePrices());

        follower.Update(Midnight + Hour, wallClockSynchronized: false);

        AssertConfigPrices();
        Assert.Equal(0, follower.AppliedCommandSequence);
    }

    [Fact]
    public void Update_NothingChanged_DoesNotRewriteTheTariff()
    {
        TariffFollower follower = FollowerAt(60);
        _schedule.Set(CommandSequence, ValidFrom, ValidUntil, SchedulePrices());
        follower.Update(Midnight, wallClockSynchronized: true);
        int version = _tariff.ScheduleVersion;

        follower.Update(Midnight + Hour, wallClockSynchronized: true);
        follower.Update(Midnight + (2 * Hour), wallClockSynchronized: true);

        Assert.Equal(1, version);
        Assert.Equal(version, _tariff.ScheduleVersion);
    }

    [Fact]
    public void Update_ANewerSchedule_ReplacesTheOneInForce()
    {
        TariffFollower follower = FollowerAt(0);
        _schedule.Set(CommandSequence, ValidFrom, ValidUntil, SchedulePrices());
        follower.Update(Midnight, wallClockSynchronized: true);

        long[] flat = Enumerable.Repeat(777_000L, 24).ToArray();
        _schedule.Set(CommandSequence + 1, ValidFrom, ValidUntil, flat);
        follower.Update(Midnight + Hour, wallClockSynchronized: true);

        Assert.Equal(CommandSequence + 1, follower.AppliedCommandSequence);
        Assert.All(Enumerable.Range(0, 24), hour => Assert.Equal(777_000, _tariff.ImportPriceAt(hour)));
        Assert.Equal(2, _tariff.ScheduleVersion);
    }

    [Fact]
    public void Update_NegativePrices_ReachTheTariffAsTheyAre()
    {
        // A grid that pays for taking its surplus: the dispatch must see the negative price to soak it up.
        long[] prices = SchedulePrices();
        prices[11] = -30_000;
        _schedule.Set(CommandSequence, ValidFrom, ValidUntil, prices);
        TariffFollower follower = FollowerAt(60);

        follower.Update(Midnight + Hour, wallClockSynchronized: true);

        Assert.Equal(-30_000, _tariff.ImportPriceAt(12));
    }

    [Fact]
    public void SlotSchedule_FillsTheHourlyTableFromTheNext24Hours_AndMovesOnEachHour()
    {
        // v2: 36 hourly slots from midnight UTC, slot k priced 500,000 + k; local time UTC+1.
        long[] slots = Enumerable.Range(0, 36).Select(k => 500_000L + k).ToArray();
        _schedule.SetSlots(CommandSequence, Midnight, 60, slots, null, slots.Length);
        TariffFollower follower = FollowerAt(60);

        follower.Update(Midnight + (5 * Hour), wallClockSynchronized: true); // 06:00 local

        Assert.Equal(500_005, _tariff.ImportPriceAt(6)); // now: slot 5
        Assert.Equal(500_028, _tariff.ImportPriceAt(5)); // tomorrow 05:00 local = 04:00 UTC, slot 28
        Assert.Equal(500_023, _tariff.ImportPriceAt(0)); // 23:00 UTC today, slot 23

        follower.Update(Midnight + (13 * Hour), wallClockSynchronized: true); // 14:00 local
        Assert.Equal(500_029, _tariff.ImportPriceAt(6)); // tomorrow 06:00 local = 05:00 UTC, slot 29
        Assert.Equal(500_012, _tariff.ImportPriceAt(13)); // tomorrow 13:00 local is slot 36, unpublished: a day earlier
    }
}
