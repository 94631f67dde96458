using EdgeController.Core.Dispatch;

namespace EdgeController.Control.Tests.Dispatch;

public sealed class SiteDispatcherTests
{
    private const int ImportPrice = 300_000;
    private const int ExportPrice = 80_000;
    private readonly SiteDispatcher _dispatcher = new(new SiteDispatchWeights());
    private readonly SiteDispatchInput _input = new()
    {
        BatteryChargeLimitMilliwatts = 3_000_000,
        BatteryDischargeLimitMilliwatts = 3_000_000,
        GridImportLimitMilliwatts = 10_000_000,
        GridExportLimitMilliwatts = 5_000_000,
        ImportPriceMicrocurrencyPerKilowattHour = ImportPrice,
        ExportPriceMicrocurrencyPerKilowattHour = ExportPrice,
        BatteryEnergyValueMicrocurrencyPerKilowattHour = 150_000,
    };

    private readonly SiteSetpoints _setpoints = new();

    private void Dispatch(int load, int pv, int batteryPreferred)
    {
        _input.LoadMilliwatts = load;
        _input.PvAvailableMilliwatts = pv;
        _input.BatteryPreferredDischargeMilliwatts = batteryPreferred;
        _dispatcher.Dispatch(_input, _setpoints);
    }

    private void AssertBalanced()
    {
        Assert.Equal(_input.LoadMilliwatts, _setpoints.PvMilliwatts + _setpoints.BatteryDischargeMilliwatts + _setpoints.GridMilliwatts);
    }

    [Fact]
    public void Dispatch_SurplusPvAndBatteryWantsCharge_ChargesAndExportsTheRestWithoutCurtailing()
    {
        Dispatch(load: 1_000_000, pv: 5_000_000, batteryPreferred: -2_000_000);

        AssertBalanced();
        Assert.Equal(0, _setpoints.PvCurtailedMilliwatts);
        Assert.InRange(_setpoints.BatteryDischargeMilliwatts, -2_200_000, -1_800_000);
        Assert.True(_setpoints.GridMilliwatts < 0);
    }

    [Fact]
    public void Tick_WithBatteryFullAndExportLimited_CurtailsPv()
    {
        _input.GridExportLimitMilliwatts = 2_000_000;
        _input.BatteryChargeLimitMilliwatts = 0;

        Dispatch(load: 1_000_000, pv: 8_000_000, batteryPreferred: 0);

        AssertBalanced();
        Assert.Equal(-2_000_000, _setpoints.GridMilliwatts);
        Assert.Equal(5_000_000, _setpoints.PvCurtailedMilliwatts);
        Assert.Equal(0, _setpoints.UnabsorbedMilliwatts);
    }

    [Fact]
    public void Dispatch_ZeroExportAgreement_NeverExports()
    {
        _input.GridExportLimitMilliwatts = 0;

        Dispatch(load: 500_000, pv: 9_000_000, batteryPreferred: -1_000_000);

        AssertBalanced();
        Assert.True(_setpoints.GridMilliwatts >= 0, $"grid {_setpoints.GridMilliwatts}");
        Assert.True(_setpoints.BatteryDischargeMilliwatts <= -1_000_000, $"battery {_setpoints.BatteryDischargeMilliwatts}");
        Assert.True(_setpoints.PvCurtailedMilliwatts > 0);
    }

    [Fact]
    public void Dispatch_NegativeExportPrice_CurtailsRatherThanPayToExport()
    {
        _input.BatteryChargeLimitMilliwatts = 0;
        _input.ExportPriceMicrocurrencyPerKilowattHour = -50_000;

        Dispatch(load: 1_000_000, pv: 4_000_000, batteryPreferred: 0);

        AssertBalanced();
        Assert.True(_setpoints.GridMilliwatts > -100_000, $"grid {_setpoints.GridMilliwatts}");
        Assert.True(_setpoints.PvCurtailedMilliwatts > 2_900_000);
    }

    [Fact]
    public void Dispatch_TenKilowattsOfExportAtATinyPaidPrice_KeepsEveryPvWatt()
    {
        // The property test's counterexample: at 1 µcurrency/kWh, the grid's tie-breaker weight
        // over 10 kW of export once priced the bus a few µcurrency below zero and PV lost 7 W.
        _input.ExportPriceMicrocurrencyPerKilowattHour = 1;
        _input.GridExportLimitMilliwatts = 20_000_000;
        _input.BatteryEnergyValueMicrocurrencyPerKilowattHour = 0;

        Dispatch(load: 200_000, pv: 10_355_797, batteryPreferred: 425);

        AssertBalanced();
        Assert.Equal(0, _setpoints.PvCurtailedMilliwatts);
        Assert.True(_setpoints.GridMilliwatts < -10_000_000, $"grid {_setpoints.GridMilliwatts}");
    }

    [Fact]
    public void Dispatch_EveningPeakAndBatteryPlannedToDischarge_ServesTheLoadFromTheBattery()
    {
        Dispatch(load: 2_500_000, pv: 0, batteryPreferred: 2_500_000);

        AssertBalanced();
        Assert.True(_setpoints.BatteryDischargeMilliwatts > 2_400_000, $"battery {_setpoints.BatteryDischargeMilliwatts}");
        Assert.True(_setpoints.GridMilliwatts < 100_000);
    }

    [Fact]
    public void Dispatch_LoadAboveEverySource_ReportsTheLoadToShed()
    {
        _input.GridExportLimitMilliwatts = 0;

        Dispatch(load: 20_000_000, pv: 1_000_000, batteryPreferred: 0);

        Assert.Equal(DispatchStatus.DemandAboveCapacity, _setpoints.Status);
        Assert.Equal(6_000_000, _setpoints.UnservedLoadMilliwatts);
        Assert.Equal(10_000_000, _setpoints.GridMilliwatts);
    }

    [Fact]
    public void Dispatch_WeightsOutOfRange_ClampsInsteadOfThrowing()
    {
        var dispatcher = new SiteDispatcher(new SiteDispatchWeights { PvWeight = 0, BatteryWeight = int.MaxValue, GridWeight = -5 });

        _input.LoadMilliwatts = 1_000_000;
        _input.PvAvailableMilliwatts = 500_000;
        dispatcher.Dispatch(_input, _setpoints);

        AssertBalanced();
    }
}
