using EdgeController.Core.Control;
using EdgeController.Core.FixedPoint;
using EdgeController.Core.Planning;
using EdgeController.Hal.Simulation.Storage;

namespace EdgeController.Control.Tests.Control;

/// <summary>The demand charge's month: the peak resets at the local month boundary and survives a reboot within the month.</summary>
public sealed class DemandChargePeriodTests
{
    private const int UtcPlusOne = 60;
    private readonly InMemoryNonVolatileStore _flash = new();

    private sealed class FlatForecast : ISlotForecast
    {
        public int LoadMilliwattsAt(int minuteOfDay, int slotsAhead) => 3_000_000;

        public int PvMilliwattsAt(int minuteOfDay, int slotsAhead) => 0;

        public int SpreadMilliwattsAt(int minuteOfDay, int slotsAhead) => 0;
    }

    private static SlotPlanner Planner()
    {
        BatteryPlanParameters battery = new()
        {
            CapacityMilliwattHours = 10_000_000,
            FloorSocPerMille = 100,
            ChargeEfficiencyQ16 = Q16.FromRatio(95, 100),
            DischargeEfficiencyQ16 = Q16.FromRatio(95, 100),
            MaximumChargeMilliwatts = 5_000_000,
            MaximumDischargeMilliwatts = 5_000_000,
        };
        return new SlotPlanner(battery, new FlatForecast(), new TimeOfUseTariff(200_000, 50_000)) { DemandChargeMicrocurrencyPerKilowatt = 12_000_000 };
    }

    private static long Utc(int year, int month, int day, int hour, int minute) =>
        new DateTimeOffset(year, month, day, hour, minute, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    /// <summary>One whole 15-minute slot importing gridMilliwatts, closed by the next slot's first plan.</summary>
    private static void ImportOneSlot(SlotPlanner planner, int gridMilliwatts)
    {
        for (int minute = 0; minute < 15; minute++)
        {
            planner.Plan(minute, 100, 3_000_000, 0);
            planner.ObserveGrid(gridMilliwatts, 60_000);
        }

        planner.Plan(15, 100, 3_000_000, 0);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(19_782)] // 2024-02-29, a leap day
    [InlineData(-1)]
    [InlineData(11_016)] // 2000-02-29
    [InlineData(20_513)]
    [InlineData(-719_468)] // 0000-03-01
    public void CivilFromDays_GivesTheCalendarDate(long days)
    {
        DemandChargePeriod.CivilFromDays(days, out int y, out int m, out int d);

        DateTime expected = new DateTime(1970, 1, 1).AddDays(days < -700_000 ? 0 : days);
        if (days < -700_000)
        {
            Assert.Equal((0, 3, 1), (y, m, d));
            return;
        }

        Assert.Equal((expected.Year, expected.Month, expected.Day), (y, m, d));
    }

    [Fact]
    public void Peak_SurvivesAReboot_InTheSameMonth()
    {
        SlotPlanner planner = Planner();
        DemandChargePeriod period = new(planner, _flash, UtcPlusOne);
        period.Start();
        period.Update(Utc(2026, 1, 20, 12, 0), wallClockSynchronized: true);
        ImportOneSlot(planner, 3_000_000);
        Assert.Equal(3_000_000, planner.PeakMilliwatts);
        period.Update(Utc(2026, 1, 20, 12, 16), wallClockSynchronized: true);

        SlotPlanner rebooted = Planner();
        DemandChargePeriod again = new(rebooted, _flash, UtcPlusOne);
        again.Start();
        again.Update(Utc(2026, 1, 31, 22, 30), wallClockSynchronized: true); // 23:30 local, still January

        Assert.Equal(3_000_000, rebooted.PeakMilliwatts);
        Assert.Equal(1, rebooted.DemandPeriodDaysLeft);
    }

    [Fact]
    public void Peak_Resets_AtTheLocalMonthBoundary_AndStaysResetAfterAReboot()
    {
        SlotPlanner planner = Planner();
        DemandChargePeriod period = new(planner, _flash, UtcPlusOne);
        period.Start();
        period.Update(Utc(2026, 1, 31, 20, 0), wallClockSynchronized: true);
        ImportOneSlot(planner, 2_000_000);
        period.Update(Utc(2026, 1, 31, 22, 59), wallClockSynchronized: true);
        Assert.Equal(2_000_000, planner.PeakMilliwatts);

        // 23:00 UTC on 31 January is midnight local: February begins.
        period.Update(Utc(2026, 1, 31, 23, 0), wallClockSynchronized: true);

        Assert.Equal(0, planner.PeakMilliwatts);
        Assert.Equal(28, planner.DemandPeriodDaysLeft);
        SlotPlanner rebooted = Planner();
        DemandChargePeriod again = new(rebooted, _flash, UtcPlusOne);
        again.Start();
        Assert.Equal(0, rebooted.PeakMilliwatts);
        Assert.Equal(period.Month, again.Month);
    }

    [Fact]
    public void UnsynchronisedClock_TouchesNothing()
    {
        SlotPlanner planner = Planner();
        planner.RestorePeak(1_500_000);
        DemandChargePeriod period = new(planner, _flash, UtcPlusOne);

        period.Update(0, wallClockSynchronized: false);

        Assert.Equal(1_500_000, planner.PeakMilliwatts);
        Assert.Equal(-1, period.Month);
    }
}
