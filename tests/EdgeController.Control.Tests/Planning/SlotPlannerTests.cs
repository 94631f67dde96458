using EdgeController.Core.FixedPoint;
using EdgeController.Core.Planning;

namespace EdgeController.Control.Tests.Planning;

/// <summary>The slot optimiser's decisions on small, clear cases.</summary>
public sealed class SlotPlannerTests
{
    private sealed class FlatForecast(int loadMilliwatts, int pvMilliwatts) : ISlotForecast
    {
        public int LoadMilliwattsAt(int minuteOfDay, int slotsAhead) => loadMilliwatts;

        public int PvMilliwattsAt(int minuteOfDay, int slotsAhead) => pvMilliwatts;
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
    public void Plan_UnderADemandCharge_ShavesTheImportWhileTheBatteryHoldsEnergy()
    {
        SlotPlanner planner = WithPrices(new FlatForecast(2_000_000, 0), 200_000, 200_000, 50_000);
        planner.DemandChargeMicrocurrencyPerKilowatt = 12_000_000;
        planner.DemandPeriodDaysLeft = 1;

        planner.Plan(0, socPerMille: 900, loadMilliwatts: 4_000_000, pvMilliwatts: 0);

        Assert.True(planner.PeakCapMilliwatts < 4_000_000, $"cap {planner.PeakCapMilliwatts} mW");
        Assert.True(4_000_000 - planner.PreferredBatteryDischargeMilliwatts <= planner.PeakCapMilliwatts + 1000);
    }
}
