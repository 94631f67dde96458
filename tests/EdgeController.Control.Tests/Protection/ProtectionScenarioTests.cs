using EdgeController.Core.Protection;

namespace EdgeController.Control.Tests.Protection;

/// <summary>
/// Fault scenarios, one per test, each run in closed loop: no limit is exceeded with its driving
/// current still flowing for more than one tick, and the fault shows in the mask.
/// </summary>
public sealed class ProtectionScenarioTests
{
    [Fact]
    public void Scenario_ChargeIntoFullPack_OverVoltageStopsChargingWithinOneTick()
    {
        var rig = new ProtectedPackRig(initialSoc: 0.97) { RequestedAmps = 40 };

        rig.Run(3600);

        Assert.True(rig.Monitor.ActiveFaults != 0 || rig.Pack.Soc < 1);
        Assert.InRange(rig.WorstRunTicks, 0, 1);
    }

    [Fact]
    public void Scenario_ChargerStuckOn_ChargeBlockIgnoredSoTheContactorOpensAndLatches()
    {
        var rig = new ProtectedPackRig(initialSoc: 0.98) { UncontrolledAmps = 60 };

        rig.Run(1800);

        Assert.NotEqual(0, rig.Monitor.LatchedFaults & ProtectionFaults.UncontrolledCurrent);
        Assert.False(rig.Monitor.ContactorClosed);
        Assert.InRange(rig.WorstRunTicks, 0, 1);
    }

    [Fact]
    public void Scenario_DeepDischarge_UnderVoltageStopsDischargeWithinOneTick()
    {
        var rig = new ProtectedPackRig(initialSoc: 0.05) { RequestedAmps = -50 };

        rig.Run(3600);

        Assert.NotEqual(0, rig.Monitor.Faults & ProtectionFaults.UnderVoltage);
        Assert.InRange(rig.WorstRunTicks, 0, 1);
    }

    [Fact]
    public void Scenario_ShortCircuitInTheLoad_OverCurrentOpensTheContactorAndLatchesUntilCleared()
    {
        var rig = new ProtectedPackRig(initialSoc: 0.6) { RequestedAmps = -20 };
        rig.Run(10);

        rig.UncontrolledAmps = -400;
        rig.Run(5);
        rig.UncontrolledAmps = 0;
        rig.Run(60);

        Assert.NotEqual(0, rig.Monitor.LatchedFaults & ProtectionFaults.OverCurrentDischarge);
        Assert.False(rig.Monitor.ContactorClosed);
        Assert.InRange(rig.WorstRunTicks, 0, 1);

        Assert.Equal(0, rig.Monitor.ClearLatched());
        Assert.NotEqual(0, rig.Monitor.ClearedFaults & ProtectionFaults.OverCurrentDischarge);
        Assert.True(rig.Monitor.ContactorClosed);
    }

    [Fact]
    public void Scenario_FanFailureInHotCabinet_OverTemperatureOpensTheContactorWithinOneTick()
    {
        var rig = new ProtectedPackRig(initialSoc: 0.5, ambientCelsius: 45) { RequestedAmps = -40, ExternalHeatWatts = 2000 };

        rig.Run(3600);

        Assert.True(rig.Pack.TemperatureCelsius > 50);
        Assert.InRange(rig.WorstRunTicks, 0, 1);
    }

    [Fact]
    public void Scenario_FrostyMorningWithSun_UnderTemperatureBlocksChargeButAllowsDischarge()
    {
        var rig = new ProtectedPackRig(initialSoc: 0.4, ambientCelsius: -5) { RequestedAmps = 30 };
        rig.Pack.TemperatureCelsius = -5;

        rig.Run(600);

        Assert.NotEqual(0, rig.Monitor.Faults & ProtectionFaults.UnderTemperatureCharge);
        Assert.False(rig.Monitor.ChargeAllowed);
        Assert.True(rig.Monitor.DischargeAllowed);
        Assert.InRange(rig.WorstRunTicks, 0, 1);
    }

    [Fact]
    public void Scenario_CurrentSensorStopsAnswering_ContactorOpensAtOnceAndSensorLossLatches()
    {
        var rig = new ProtectedPackRig(initialSoc: 0.5) { RequestedAmps = -30 };
        rig.Run(10);

        rig.CurrentSensorFails = true;
        rig.Step();
        Assert.False(rig.Monitor.ContactorClosed);
        Assert.Equal(0, rig.Pack.CurrentAmps);
        rig.Run(5);
        rig.CurrentSensorFails = false;
        rig.Run(5);

        Assert.NotEqual(0, rig.Monitor.LatchedFaults & ProtectionFaults.SensorLoss);
        Assert.False(rig.Monitor.ContactorClosed);
        Assert.Equal(0, rig.Monitor.ClearLatched());
        Assert.True(rig.Monitor.ContactorClosed);
    }

    [Fact]
    public void Scenario_OneFailedVoltageRead_OpensForOneTickWithoutLatching()
    {
        var rig = new ProtectedPackRig(initialSoc: 0.5) { RequestedAmps = -30 };
        rig.Run(10);

        rig.VoltageSensorFails = true;
        rig.Step();
        rig.VoltageSensorFails = false;
        rig.Step();

        Assert.Equal(0, rig.Monitor.LatchedFaults);
        Assert.True(rig.Monitor.ContactorClosed);
    }

    [Fact]
    public void Scenario_VoltageHoveringAtTheUnderVoltageLimit_DoesNotChatter()
    {
        // The load keeps asking; after the trip, the pack recovers by its IR drop and relaxation,
        // but not past the release threshold, so the fault must stay set instead of toggling.
        var rig = new ProtectedPackRig(initialSoc: 0.03) { RequestedAmps = -50 };

        rig.Run(1800);

        Assert.InRange(rig.FaultTransitions, 1, 2);
        Assert.InRange(rig.WorstRunTicks, 0, 1);
    }
}
