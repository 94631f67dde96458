using EdgeController.Bench.Days;
using EdgeController.Core.FixedPoint;
using EdgeController.Core.Planning;

namespace EdgeController.Control.Tests.Planning;

public sealed class SocTargetPlannerTests
{
    private const int HourMinutes = 60;
    private readonly DayProfileForecaster _forecaster = new();
    private readonly BatteryPlanParameters _parameters = new()
    {
        CapacityMilliwattHours = 10_000_000,
        FloorSocPerMille = 100,
        BackupReserveSocPerMille = 800,
        MaximumChargeMilliwatts = 5_000_000,
        MaximumDischargeMilliwatts = 5_000_000,
        ManualBatteryDischargeMilliwatts = 1_234_000,
    };

    private SocTargetPlanner Planner(OperatingMode mode) => new(_parameters, _forecaster, DaysSite.Tariff()) { Mode = mode };

    /// <summary>A day of flat 1 kW load and no PV, seen twice so every hour is learned.</summary>
    private void LearnFlatLoadWithoutPv()
    {
        for (int day = 0; day < 2; day++)
        {
            for (int minute = 0; minute < 1440; minute++)
            {
                _forecaster.Observe(minute, 1_000_000, 0, 60_000);
            }
        }
    }

    [Fact]
    public void Plan_OffPeakNightBeforeAWinterDay_ChargesFromTheGrid()
    {
        LearnFlatLoadWithoutPv();
        SocTargetPlanner planner = Planner(OperatingMode.Auto);

        planner.Plan(minuteOfDay: 1 * HourMinutes, socPerMille: 300, loadMilliwatts: 1_000_000, pvMilliwatts: 0);

        Assert.True(planner.PreferredBatteryDischargeMilliwatts < 0, $"battery {planner.PreferredBatteryDischargeMilliwatts}");
        Assert.True(planner.TargetSocPerMille > 300);
    }

    [Fact]
    public void Plan_ShoulderMorningWithLittleStored_HoldsTheBatteryForThePeak()
    {
        LearnFlatLoadWithoutPv();
        SocTargetPlanner planner = Planner(OperatingMode.Auto);

        planner.Plan(minuteOfDay: 9 * HourMinutes, socPerMille: 300, loadMilliwatts: 1_000_000, pvMilliwatts: 0);

        Assert.True(planner.PreferredBatteryDischargeMilliwatts <= 0);
        Assert.True(planner.ReserveMilliwattHours >= 4_000_000, $"reserve {planner.ReserveMilliwattHours}");
    }

    [Fact]
    public void Plan_Peak_DischargesIntoTheDeficit()
    {
        LearnFlatLoadWithoutPv();
        SocTargetPlanner planner = Planner(OperatingMode.Auto);

        planner.Plan(minuteOfDay: 18 * HourMinutes, socPerMille: 500, loadMilliwatts: 1_500_000, pvMilliwatts: 0);

        Assert.Equal(1_500_000, planner.PreferredBatteryDischargeMilliwatts);
    }

    [Fact]
    public void Plan_SurplusPv_AlwaysStoresIt()
    {
        LearnFlatLoadWithoutPv();
        SocTargetPlanner planner = Planner(OperatingMode.Auto);

        planner.Plan(minuteOfDay: 12 * HourMinutes, socPerMille: 500, loadMilliwatts: 500_000, pvMilliwatts: 2_500_000);

        Assert.Equal(-2_000_000, planner.PreferredBatteryDischargeMilliwatts);
    }

    [Fact]
    public void Plan_SelfConsumption_FollowsTheNetLoadWhateverThePrice()
    {
        SocTargetPlanner planner = Planner(OperatingMode.SelfConsumption);

        planner.Plan(minuteOfDay: 2 * HourMinutes, socPerMille: 500, loadMilliwatts: 800_000, pvMilliwatts: 0);

        Assert.Equal(800_000, planner.PreferredBatteryDischargeMilliwatts);
    }

    [Fact]
    public void Plan_BackupReserveBelowTheReserve_RefillsAndDoesNotDischarge()
    {
        SocTargetPlanner planner = Planner(OperatingMode.BackupReserve);

        planner.Plan(minuteOfDay: 18 * HourMinutes, socPerMille: 700, loadMilliwatts: 2_000_000, pvMilliwatts: 0);

        Assert.True(planner.PreferredBatteryDischargeMilliwatts < 0);
        Assert.Equal(800, planner.TargetSocPerMille);
    }

    [Fact]
    public void Plan_ManualAndMaintenance_UseTheSetpointOrIdle()
    {
        SocTargetPlanner manual = Planner(OperatingMode.Manual);
        manual.Plan(600, 500, 1_000_000, 0);
        Assert.Equal(1_234_000, manual.PreferredBatteryDischargeMilliwatts);

        SocTargetPlanner maintenance = Planner(OperatingMode.Maintenance);
        maintenance.Plan(600, 500, 1_000_000, 0);
        Assert.Equal(0, maintenance.PreferredBatteryDischargeMilliwatts);
        Assert.True(maintenance.BatteryIdle);
    }
}
