using EdgeController.Hal;
using EdgeController.Bench.Days;
using EdgeController.Core.Battery;
using EdgeController.Core.Charging;
using EdgeController.Core.Control;
using EdgeController.Core.Dispatch;
using EdgeController.Core.FixedPoint;
using EdgeController.Core.Planning;
using EdgeController.Core.Protection;
using EdgeController.Core.Sensing;
using EdgeController.Hal.Simulation.Models;
using EdgeController.Hal.Simulation.Sensors;

namespace EdgeController.Control.Tests.Control;

/// <summary>The whole loop in closed loop with a simulated pack and site, one tick a second.</summary>
public sealed class EnergyControlLoopTests
{
    private const int Cells = 16;
    private const int CapacityMilliampHours = 200_000;
    private readonly EquivalentCircuitBattery _pack = EquivalentCircuitBattery.Create(CellChemistry.LiFePO4, Cells, 200, initialSoc: 0.5);
    private readonly SiteDayProfile _site = new(DaysSite.PvPeakWatts * 2, DaysSite.LoadBaseWatts, 7);
    private readonly NoisyMeasurement _voltage = new(0.001, 0, 20, 1);
    private readonly NoisyMeasurement _current = new(0.01, 0, 50, 2);
    private readonly EnergyControlInputs _inputs = new();
    private readonly EnergyControlLoop _loop;
    private int _second;

    /// <summary>Bytes allocated inside <see cref="EnergyControlLoop.Tick"/> alone.</summary>
    private long LoopAllocatedBytes { get; set; }

    public EnergyControlLoopTests()
    {
        var battery = new BatteryParameters(BatteryChemistry.LiFePO4, Cells, CapacityMilliampHours, 0);
        var soc = new SocEstimator(battery);
        soc.StartFromOpenCircuit(_voltage.Read(_pack.TerminalVolts * 1000));
        var forecaster = new DayProfileForecaster();
        var plan = new BatteryPlanParameters
        {
            CapacityMilliwattHours = 10_240_000,
            FloorSocPerMille = 100,
            MaximumChargeMilliwatts = 5_000_000,
            MaximumDischargeMilliwatts = 5_000_000,
        };
        TimeOfUseTariff tariff = DaysSite.Tariff();
        _loop = new EnergyControlLoop(
            // Pack 0..70 V, 2 V a second at most, frozen after 30 equal samples, smoothing 1/4.
            new SensorChannelFilter(0, 70_000, 2_000, 30, Q16.FromRatio(1, 4)),
            // Current ±400 A (the shunt's range), no spike or stuck check: steps are real.
            new SensorChannelFilter(-400_000, 400_000, 0, 0, Q16.One),
            // Temperature -40..125 °C (the thermistor's range), 2 °C a second at most, smoothing 1/8.
            new SensorChannelFilter(-400, 1250, 20, 0, Q16.FromRatio(1, 8)),
            new ProtectionMonitor(ProtectionLimits.ForCells(Cells, 3600, 3400, 3700, 2800, 3150, 150_000, 150_000)),
            soc,
            new ChargeController(ChargeProfile.For(BatteryChemistry.LiFePO4, CapacityMilliampHours, 100_000), Cells),
            new DischargeCutoff(Cells * 3000, Cells * 3150, 100, 150),
            forecaster,
            new SocTargetPlanner(plan, forecaster, tariff),
            new SiteDispatcher(new SiteDispatchWeights()),
            tariff,
            gridImportLimitMilliwatts: 15_000_000,
            gridExportLimitMilliwatts: 5_000_000,
            maximumDischargeMilliwatts: 5_000_000);
    }

    /// <summary>Makes the current sensor fail from the next tick on.</summary>
    private bool CurrentSensorFails { get; set; }

    private void Run(int seconds)
    {
        for (int i = 0; i < seconds; i++)
        {
            int secondOfDay = _second % 86_400;
            _inputs.MinuteOfDay = secondOfDay / 60;
            _inputs.ElapsedMilliseconds = 1000;
            _inputs.PackVoltageStatus = SensorStatus.Ok;
            _inputs.PackMillivolts = _voltage.Read(_pack.TerminalVolts * 1000);
            _inputs.BatteryCurrentStatus = CurrentSensorFails ? SensorStatus.NoAcknowledge : SensorStatus.Ok;
            _inputs.BatteryCurrentMilliamps = _current.Read(_pack.CurrentAmps * 1000);
            _inputs.TemperatureStatus = SensorStatus.Ok;
            _inputs.TemperatureDeciCelsius = (int)(_pack.TemperatureCelsius * 10);
            _inputs.LoadMilliwatts = (int)(_site.LoadWatts(_second / 86_400, DayWeather.Sunny, secondOfDay) * 1000);
            _inputs.PvAvailableMilliwatts = (int)(_site.PvWatts(_second / 86_400, DayWeather.Sunny, secondOfDay) * 1000);

            long before = GC.GetAllocatedBytesForCurrentThread();
            _loop.Tick(_inputs);
            LoopAllocatedBytes += GC.GetAllocatedBytesForCurrentThread() - before;

            SiteSetpoints setpoints = _loop.Setpoints;
            Assert.Equal(_inputs.LoadMilliwatts, setpoints.PvMilliwatts + setpoints.BatteryDischargeMilliwatts + setpoints.GridMilliwatts + setpoints.UnservedLoadMilliwatts - setpoints.UnabsorbedMilliwatts);
            // The power stage: battery power at the pack's voltage, positive setpoint = discharge.
            _pack.Step(-setpoints.BatteryDischargeMilliwatts / 1000.0 / _pack.TerminalVolts, 1);
            _second++;
        }
    }

    [Fact]
    public void Tick_TwoSunnyDays_BalancesEveryTickAndKeepsThePackInsideItsLimits()
    {
        Run(2 * 86_400);

        Assert.Equal(ProtectionFaults.None, _loop.Protection.LatchedFaults);
        Assert.InRange(_pack.Soc, 0.05, 1.0);
        Assert.InRange(_loop.Soc.SocPerMille / 1000.0, _pack.Soc - 0.05, _pack.Soc + 0.05);
    }

    [Fact]
    public void Tick_SteadyState_AllocatesNothing()
    {
        Run(86_400 + 3600);

        LoopAllocatedBytes = 0;
        Run(6 * 3600);

        // Measured around each tick only: the rig's assertions and models are not the firmware.
        Assert.Equal(0, LoopAllocatedBytes);
    }

    [Fact]
    public void Tick_CurrentSensorFailsAtTheEveningPeak_BatteryIsIdleInThatSameTickAndTheFaultIsRaisedOnce()
    {
        Run(19 * 3600);
        Assert.NotEqual(0, _loop.Setpoints.BatteryDischargeMilliwatts);

        CurrentSensorFails = true;
        Run(1);

        Assert.Equal(0, _loop.Setpoints.BatteryDischargeMilliwatts);
        Assert.False(_loop.Protection.ContactorClosed);
        int raised = 0;
        for (int i = 0; i < 10; i++)
        {
            Run(1);
            Assert.Equal(0, _loop.Setpoints.BatteryDischargeMilliwatts);
            raised += (_loop.Protection.RaisedFaults & ProtectionFaults.SensorLoss) != 0 ? 1 : 0;
        }

        Assert.Equal(1, raised);
    }
}
