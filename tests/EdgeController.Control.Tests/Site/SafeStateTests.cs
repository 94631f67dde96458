using EdgeController.Core.Control;
using EdgeController.Core.FixedPoint;
using EdgeController.Core.Metering;
using EdgeController.Hal;
using EdgeController.Hal.Simulation;
using EdgeController.Hal.Simulation.Actuators;
using EdgeController.Hal.Simulation.Sensors;
using EdgeController.Hal.Simulation.Storage;
using EdgeController.Simulator;

namespace EdgeController.Control.Tests.Site;

/// <summary>The safe state must reach the converter even when the contactor's driver fails.</summary>
public sealed class SafeStateTests
{
    [Fact]
    public void EnterSafeState_ContactorDriverThrows_TheConverterIsStillToldToStop()
    {
        SimulatedBatteryConverter converter = new(600_000);
        converter.SetPowerMilliwatts(-300_000);
        MeterChannel[] channels = SimulatedBoard.ChannelKeys.Select(key => new MeterChannel(key, new QuietSensor(), 0, 0)).ToArray();
        SiteControl energy = EnergyControlBuilder.BuildSiteControl(
            SimulatedBoard.Config,
            channels,
            new ScaledVoltageInput(new SimulatedAdcChannel(3.3), 3300, Q16.FromRatio(57, 10)),
            new SimulatedAdcChannel(3.3) { PinVolts = 1.65 },
            converter,
            new SimulatedPvCurtailment(),
            new ThrowingSwitch(),
            new SimulatedClock(0),
            new InMemoryNonVolatileStore());

        Assert.Throws<IOException>(energy.EnterSafeState);

        Assert.Equal(0, converter.ActualMilliwatts);
    }

    private sealed class QuietSensor : IPowerSensor
    {
        public SensorStatus Read(out int busMillivolts, out int currentMilliamps)
        {
            busMillivolts = 13_200;
            currentMilliamps = 0;
            return SensorStatus.Ok;
        }
    }

    private sealed class ThrowingSwitch : ISwitchOutput
    {
        public void Set(bool on) => throw new IOException("relay driver not answering");
    }
}
