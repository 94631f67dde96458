using EdgeController.Core;
using EdgeController.Core.Protection;
using EdgeController.Hal.Simulation.Actuators;
using EdgeController.Hal.Simulation.Sensors;
using EdgeController.Simulator;

namespace EdgeController.Control.Tests.Site;

/// <summary>
/// Faults of the site and of the power stage, through the device's real tick on the simulated
/// plant: the safe state within one tick (watched on the plant's true values by
/// <see cref="SafetyWatch"/>), a signed "protection" event for each change, and latching where
/// a technician must clear.
/// </summary>
public sealed class SiteFaultScenarioTests
{
    private const long LocalNoonUnixMilliseconds = SiteRig.LocalMidnightUnixMilliseconds + (12 * 3_600_000);
    private const long LocalEveningUnixMilliseconds = SiteRig.LocalMidnightUnixMilliseconds + (19 * 3_600_000);

    [Fact]
    public void Scenario_HotCabinet_ContactorOpensInTheTickThePackPassesTheTrip_AndClosesWhenItCools()
    {
        SiteRig rig = new(new SimulatedPlant(seed: 1, initialSoc: 0.5), startUnixMilliseconds: LocalNoonUnixMilliseconds);
        SafetyWatch watch = new();
        rig.RunSeconds(120, watch.Check);
        Assert.True(rig.Plant.Contactor.IsClosed);
        Assert.True(rig.Plant.Pack.CurrentAmps > 1, "charging from the noon sun before the fault");

        rig.Plant.ForcedPackCelsius = 65;
        rig.RunSeconds(1, watch.Check);

        Assert.False(rig.Plant.Contactor.IsClosed);
        Assert.Equal(0, rig.Plant.Converter.ActualMilliwatts);
        Assert.NotEqual(0, rig.Device.Controller.FaultFlagsNow & FaultFlags.Protection(ProtectionFaults.OverTemperature));
        Assert.Equal("over_temperature", Assert.Single(rig.ProtectionEvents()).GetProperty("raised").GetString());

        rig.RunSeconds(60, watch.Check);
        rig.Plant.ForcedPackCelsius = 30;
        rig.RunSeconds(60, watch.Check);

        Assert.True(rig.Plant.Contactor.IsClosed, "over-temperature does not latch: the pack is back in service once cool");
        Assert.Equal("over_temperature", rig.ProtectionEvents()[^1].GetProperty("cleared").GetString());
        Assert.Equal(2, rig.ProtectionEvents().Count);
        Assert.True(watch.LongestViolationTicks <= 1, $"current flowed {watch.LongestViolationTicks} ticks past a limit");
    }

    [Fact]
    public void Scenario_ThermistorUnplugged_SensorLossOpensAndLatches_UntilTheTechnicianClearsIt()
    {
        SiteRig rig = new(startUnixMilliseconds: LocalNoonUnixMilliseconds);
        rig.RunSeconds(60);

        rig.Device.TemperatureAdc.Fault = SimulatedBusFault.Timeout;
        rig.RunSeconds(ProtectionLimits.DefaultSensorLossTicks);
        Assert.False(rig.Plant.Contactor.IsClosed);
        Assert.Equal("sensor_loss", Assert.Single(rig.ProtectionEvents()).GetProperty("raised").GetString());

        rig.Device.TemperatureAdc.Fault = SimulatedBusFault.None;
        rig.RunSeconds(30);
        Assert.False(rig.Plant.Contactor.IsClosed);

        rig.Device.Controller.ClearLatchedFaults();
        rig.RunSeconds(1);

        Assert.True(rig.Plant.Contactor.IsClosed);
        Assert.Equal("sensor_loss", rig.ProtectionEvents()[^1].GetProperty("cleared").GetString());
        Assert.Equal(0, rig.Device.Controller.FaultFlagsNow & FaultFlags.Protection(ProtectionFaults.SensorLoss));
    }

    [Fact]
    public void Scenario_ConverterStuckChargingAFullPack_UncontrolledCurrentOpensTheContactorAndLatches()
    {
        SiteRig rig = new(new SimulatedPlant(seed: 1, initialSoc: 0.97), startUnixMilliseconds: LocalNoonUnixMilliseconds);
        SafetyWatch watch = new();
        rig.RunSeconds(30, watch.Check);
        Assert.True(rig.Plant.Converter.ActualMilliwatts < 0, "charging before the converter sticks");

        // The stage keeps charging whatever it is told; only the contactor can stop it.
        rig.Plant.Converter.Fault = ActuatorFault.Stuck;
        rig.RunSeconds(3600, watch.Check);

        Assert.False(rig.Plant.Contactor.IsClosed);
        int faults = rig.Device.Controller.EnergyControl!.ProtectionFaults;
        Assert.NotEqual(0, faults & ProtectionFaults.Latching);
        Assert.NotEmpty(rig.ProtectionEvents());
        Assert.True(watch.LongestViolationTicks <= 1, $"current flowed {watch.LongestViolationTicks} ticks past a limit");
    }

    [Fact]
    public void Scenario_WeldedContactorInAHotCabinet_TheConverterIsCommandedToZeroInTheSameTick()
    {
        SiteRig rig = new(startUnixMilliseconds: LocalNoonUnixMilliseconds);
        SafetyWatch watch = new();
        rig.RunSeconds(60, watch.Check);
        rig.Plant.Contactor.Fault = ActuatorFault.Stuck;

        rig.Plant.ForcedPackCelsius = 65;
        rig.RunSeconds(1, watch.Check);

        Assert.True(rig.Plant.Contactor.IsClosed, "welded");
        Assert.Equal(0, rig.Plant.Converter.ActualMilliwatts);
        rig.RunSeconds(60, watch.Check);
        Assert.True(watch.LongestViolationTicks <= 1, $"current flowed {watch.LongestViolationTicks} ticks past a limit");
    }

    [Fact]
    public void Scenario_FrostyMorning_NoChargeBelowZero_ButTheEveningLoadIsStillServed()
    {
        SiteRig rig = new(new SimulatedPlant(seed: 1, initialSoc: 0.6), startUnixMilliseconds: LocalNoonUnixMilliseconds);
        SafetyWatch watch = new();
        rig.Plant.ForcedPackCelsius = -5;
        rig.RunSeconds(2 * 3600, watch.Check);
        Assert.True(rig.Plant.Pack.CurrentAmps <= 0.2, $"charging at {rig.Plant.Pack.CurrentAmps:F2} A below 0 °C");

        rig.RunSeconds(7 * 3600, watch.Check);

        Assert.True(rig.Plant.Pack.CurrentAmps < -1, "discharging into the evening load");
        Assert.Equal("under_temperature_charge", rig.ProtectionEvents()[0].GetProperty("raised").GetString());
        Assert.True(watch.LongestViolationTicks <= 1, $"current flowed {watch.LongestViolationTicks} ticks past a limit");
    }

    [Fact]
    public void Scenario_LongNightOnAnAlmostEmptyPack_CutoffStopsDischargeBeforeUnderVoltage()
    {
        SiteRig rig = new(new SimulatedPlant(seed: 1, initialSoc: 0.12), startUnixMilliseconds: LocalEveningUnixMilliseconds);
        SafetyWatch watch = new();
        rig.RunSeconds(10 * 3600, watch.Check);

        Assert.True(rig.Plant.Pack.Soc > 0.03, $"pack drained to {rig.Plant.Pack.Soc:P1}");
        Assert.Equal(0, watch.TicksBeyondALimit);
        Assert.Empty(rig.ProtectionEvents());
        Assert.True(rig.Plant.GridImportWattHours > 100, "the grid carried the night once the battery stopped");
    }

    [Fact]
    public void Scenario_ConverterStopsAnswering_TheReadingSaysSo_AndTheBitGoesWhenItAnswersAgain()
    {
        SiteRig rig = new(startUnixMilliseconds: LocalNoonUnixMilliseconds);
        rig.RunSeconds(30);
        Assert.Equal(0, rig.Device.Controller.FaultFlagsNow & FaultFlags.ActuatorNotResponding);

        rig.Plant.Converter.Fault = ActuatorFault.NotResponding;
        rig.RunSeconds(1);
        Assert.NotEqual(0, rig.Device.Controller.FaultFlagsNow & FaultFlags.ActuatorNotResponding);

        rig.Plant.Converter.Fault = ActuatorFault.None;
        rig.RunSeconds(1);
        Assert.Equal(0, rig.Device.Controller.FaultFlagsNow & FaultFlags.ActuatorNotResponding);
        Assert.True(rig.Device.Controller.EnergyControl!.ActuatorFailures >= 1);
    }

    [Fact]
    public void EnterSafeState_AfterAFailedTick_OpensTheContactorAndIdlesTheConverter()
    {
        SiteRig rig = new(startUnixMilliseconds: LocalNoonUnixMilliseconds);
        rig.RunSeconds(30);
        Assert.True(rig.Plant.Contactor.IsClosed);
        Assert.NotEqual(0, rig.Plant.Converter.ActualMilliwatts);

        rig.Device.Controller.EnergyControl!.EnterSafeState();

        Assert.False(rig.Plant.Contactor.IsClosed);
        Assert.Equal(0, rig.Plant.Converter.ActualMilliwatts);
    }
}
