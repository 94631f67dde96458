using EdgeController.Core.FixedPoint;
using EdgeController.Core.Planning;

namespace EdgeController.Control.Tests.Planning;

/// <summary>The slot optimiser's decisions on small, clear cases.</summary>
public sealed class SlotPlannerTests
{
    private sealed class FlatForecast(int loadMilliwatts, int pvMilliwatts, int spreadMilliwatts = 0) : ISlotForecast
    {
        public int LoadMilliwattsAt(int minuteOfDay, int slotsAhead) => loadMilliwatts;

        public int PvMilliwattsAt(int minuteOfDay, int slotsAhead) => pvMilliwatts;

        public int SpreadMilliwattsAt(int minuteOfDay, int slotsAhead) => spreadMilliwatts;
    }

    private static BatteryPlanParameters Battery() => new()
    {
        CapacityMilliwattHours = 10_000_000,
        FloorSocPerMille = 100,
        ChargeEfficiencyQ16 = Q16.FromRatio(95, 100),
        DischargeEfficiencyQ16 = Q16.FromRatio(95, 100),
        MaximumChargeMilliwatts = 5_000_000,
        MaximumDischargeMilliwatts = 5_000_000,
    };

    /// <summary>One price for the first slots, another for the rest of a day's horizon.</summary>
    private static SlotPlanner WithPrices(ISlotForecast forecast, int first, int rest, int export, int firstSlots = 1)
    {
        var planner = new SlotPlanner(Battery(), forecast, new TimeOfUseTariff(rest, export));
        planner.Prices.BeginFill();
        for (int k = 0; k < 96; k++)
        {
            planner.Prices.Append(k < firstSlots ? first : rest, export, true);
        }

        planner.Prices.EndFill();
        return planner;
    }

    [Fact]
    public void Plan_EmptyBatteryInTheLastCheapSlotBeforeADearDay_ChargesFromTheGrid()
    {
        SlotPlanner planner = WithPrices(new FlatForecast(1_000_000, 0), 100_000, 400_000, 50_000);

        planner.Plan(0, socPerMille: 100, loadMilliwatts: 1_000_000, pvMilliwatts: 0);

        Assert.True(planner.PreferredBatteryDischargeMilliwatts < -1_000_000, $"battery {planner.PreferredBatteryDischargeMilliwatts} mW");
    }

    [Fact]
    public void Plan_FullBatteryAtTheDearestPrice_ServesTheLoad()
    {
        SlotPlanner planner = WithPrices(new FlatForecast(1_000_000, 0), 400_000, 200_000, 50_000, firstSlots: 8);

        planner.Plan(0, socPerMille: 1000, loadMilliwatts: 1_000_000, pvMilliwatts: 0);

        Assert.Equal(1_000_000, planner.PreferredBatteryDischargeMilliwatts);
    }

    [Fact]
    public void Plan_NegativeExportWithAFullBattery_PricesTheBusBelowZeroSoPvIsCurtailed()
    {
        SlotPlanner planner = WithPrices(new FlatForecast(500_000, 3_000_000), 150_000, 150_000, -50_000);

        planner.Plan(720, socPerMille: 1000, loadMilliwatts: 500_000, pvMilliwatts: 3_000_000);

        Assert.True(planner.BatteryEnergyValueMicrocurrencyPerKilowattHour < 0);
    }

    [Fact]
    public void Plan_SameInputsTwice_GivesTheSameDecision()
    {
        SlotPlanner planner = WithPrices(new FlatForecast(800_000, 400_000), 100_000, 300_000, 50_000);
        planner.Plan(60, 500, 800_000, 400_000);
        int first = planner.PreferredBatteryDischargeMilliwatts;

        planner.Plan(61, 500, 800_000, 400_000);

        Assert.Equal(first, planner.PreferredBatteryDischargeMilliwatts);
    }

    [Fact]
    public void Plan_UnderADemandCharge_HoldsTheSlotsMeanImportToTheCapWhenTheLoadStaysAboveTheForecast()
    {
        SlotPlanner planner = WithPrices(new FlatForecast(2_000_000, 0), 200_000, 200_000, 50_000);
        planner.DemandChargeMicrocurrencyPerKilowatt = 12_000_000;
        planner.DemandPeriodDaysLeft = 1;

        // The forecast says 2 kW; the load is 4 kW all slot long. Each minute may import above the
        // cap, but the slot's 15-minute mean, which the charge bills, must stay at it.
        for (int minute = 0; minute < 15; minute++)
        {
            planner.Plan(minute, socPerMille: 900, loadMilliwatts: 4_000_000, pvMilliwatts: 0);
            planner.ObserveGrid(4_000_000 - planner.PreferredBatteryDischargeMilliwatts, 60_000);
        }

        int cap = planner.PeakCapMilliwatts;
        planner.Plan(15, socPerMille: 900, loadMilliwatts: 4_000_000, pvMilliwatts: 0);

        Assert.True(cap < 4_000_000, $"cap {cap} mW");
        Assert.True(planner.PeakMilliwatts <= cap + 1000, $"slot mean {planner.PeakMilliwatts} mW over the cap {cap} mW");
    }

    [Fact]
    public void Plan_AKettleMinute_IsCoveredAsAMinuteNotAsTheRestOfTheSlot()
    {
        // Dear now (0.30), 0.20 after: the battery covers the load now. The measured 3 kW is the
        // next minute's; the rest of the slot is the forecast's 500 W.
        SlotPlanner planner = WithPrices(new FlatForecast(500_000, 0), 300_000, 200_000, 50_000);

        planner.Plan(0, socPerMille: 500, loadMilliwatts: 3_000_000, pvMilliwatts: 0);

        long storedAboveFloorMilliwattHours = 10_000_000L * (500 - 100) / 1000;
        long plannedUseMilliwattHours = storedAboveFloorMilliwattHours - planner.PlannedEnergyMilliwattHours;
        Assert.True(planner.PreferredBatteryDischargeMilliwatts >= 2_950_000, $"battery {planner.PreferredBatteryDischargeMilliwatts} mW");

        // (3 kW for 1 minute + 0.5 kW for 14) / 0.95 = 175 Wh; held at 3 kW to the slot's end it would be 789 Wh.
        Assert.InRange(plannedUseMilliwattHours, 150_000, 200_000);
    }

    [Fact]
    public void Plan_AForecastWithASpread_GivesStoredEnergyAValueTheMeanAloneWouldNot()
    {
        // A cheap slot now, then 0.20 all day; the forecast's mean net load is 0 in every slot.
        // Exact, it needs no stored energy (what is left is worth 0.095, charging costs 0.105):
        // no charge. With 1 kW of spread, a slot may need 1 kW at 0.20 or give 1 kW at 0.05:
        // stored energy is then worth buying at 0.10.
        SlotPlanner exact = WithPrices(new FlatForecast(0, 0), 100_000, 200_000, 50_000);
        SlotPlanner spread = WithPrices(new FlatForecast(0, 0, spreadMilliwatts: 1_000_000), 100_000, 200_000, 50_000);

        exact.Plan(0, socPerMille: 100, loadMilliwatts: 0, pvMilliwatts: 0);
        spread.Plan(0, socPerMille: 100, loadMilliwatts: 0, pvMilliwatts: 0);

        Assert.True(exact.PreferredBatteryDischargeMilliwatts > -100_000, $"exact forecast: battery {exact.PreferredBatteryDischargeMilliwatts} mW");
        Assert.True(spread.PreferredBatteryDischargeMilliwatts < -1_000_000, $"with a spread: battery {spread.PreferredBatteryDischargeMilliwatts} mW");
    }
}
