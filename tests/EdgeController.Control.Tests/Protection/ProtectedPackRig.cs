using EdgeController.Core.Protection;
using EdgeController.Hal.Simulation.Models;
using EdgeController.Hal.Simulation.Sensors;

namespace EdgeController.Control.Tests.Protection;

/// <summary>
/// A closed loop for fault scenarios: a simulated 16s LiFePO4 100 Ah pack, noisy sensors, the
/// protection monitor, and a power stage that follows the requested current through the
/// monitor's gates. A fault injection can add current the firmware does not control (a stuck
/// charger, a short in the load), which only the contactor stops, and can fail sensors. After
/// every step the rig counts, per limit, the steps in a row where the true value was beyond the
/// limit while current still flowed in the direction that drives it further. The limit the rig
/// holds the truth to is the trip value widened by the sensor's tolerance (what the board config
/// must subtract from the cell's absolute rating when it sets the trip): 0.3 % of voltage (three
/// times the voltage sensor's gain error, covering its noise too), 2 % of current, 1 °C.
/// </summary>
public sealed class ProtectedPackRig
{
    public const int Cells = 16;
    public const double TickSeconds = 1;
    private const double VoltageTolerance = 1.003;
    private const double CurrentTolerance = 1.02;
    private const double TemperatureToleranceDeciCelsius = 10;
    private readonly NoisyMeasurement _voltageSensor = new(0.001, 0, 20, 1);
    private readonly NoisyMeasurement _currentSensor = new(0.01, 0, 50, 2);
    private readonly NoisyMeasurement _temperatureSensor = new(0, 0, 2, 3);
    private int _overVoltageRun;
    private int _hardOverVoltageRun;
    private int _underVoltageRun;
    private int _overCurrentRun;
    private int _overTemperatureRun;
    private int _coldChargeRun;

    public ProtectedPackRig(double initialSoc, double ambientCelsius = 25)
    {
        Pack = EquivalentCircuitBattery.Create(CellChemistry.LiFePO4, Cells, 100, initialSoc, ambientCelsius);
        // LiFePO4: charge stop 3.60 V, resume below 3.40 V, hard stop 3.70 V, discharge stop
        // 2.80 V, resume above 3.15 V rested (about 8 %), 1.5 C either way.
        Limits = ProtectionLimits.ForCells(Cells, 3600, 3400, 3700, 2800, 3150, 150_000, 150_000);
        Monitor = new ProtectionMonitor(Limits);
    }

    public EquivalentCircuitBattery Pack { get; }

    public ProtectionLimits Limits { get; }

    public ProtectionMonitor Monitor { get; }

    /// <summary>Current the firmware asks for, A, positive = charge.</summary>
    public double RequestedAmps { get; set; }

    /// <summary>Current that flows whatever the firmware asks, unless the contactor is open, A.</summary>
    public double UncontrolledAmps { get; set; }

    /// <summary>Heat added to the pack regardless of current (a failed fan in a hot cabinet), W.</summary>
    public double ExternalHeatWatts { get; set; }

    public bool CurrentSensorFails { get; set; }

    public bool VoltageSensorFails { get; set; }

    /// <summary>Most steps in a row with a limit exceeded while the driving current still flowed.</summary>
    public int WorstRunTicks { get; private set; }

    /// <summary>Changes of the fault mask seen (raised or cleared bits), to check for chatter.</summary>
    public int FaultTransitions { get; private set; }

    public int Ticks { get; private set; }

    public void Run(int ticks)
    {
        for (int i = 0; i < ticks; i++)
        {
            Step();
        }
    }

    public void Step()
    {
        Monitor.Evaluate(
            !VoltageSensorFails, _voltageSensor.Read(Pack.TerminalVolts * 1000),
            !CurrentSensorFails, _currentSensor.Read(Pack.CurrentAmps * 1000),
            true, _temperatureSensor.Read(Pack.TemperatureCelsius * 10));
        FaultTransitions += BitCount(Monitor.RaisedFaults) + BitCount(Monitor.ClearedFaults);

        double amps = RequestedAmps;
        if (!Monitor.ChargeAllowed && amps > 0)
        {
            amps = 0;
        }

        if (!Monitor.DischargeAllowed && amps < 0)
        {
            amps = 0;
        }

        if (Monitor.ContactorClosed)
        {
            amps += UncontrolledAmps;
        }
        else
        {
            amps = 0;
        }

        Pack.TemperatureCelsius += ExternalHeatWatts * TickSeconds / 50_000;
        Pack.Step(amps, TickSeconds);
        Ticks++;

        double volts = Pack.TerminalVolts;
        double celsius = Pack.TemperatureCelsius;
        double millivolts = volts * 1000;
        Track(ref _overVoltageRun, millivolts > Limits.OverVoltageTripMillivolts * VoltageTolerance && amps > 0);
        Track(ref _hardOverVoltageRun, millivolts > Limits.OverVoltageHardMillivolts * VoltageTolerance && amps > 0);
        Track(ref _underVoltageRun, millivolts < Limits.UnderVoltageTripMillivolts / VoltageTolerance && amps < 0);
        Track(ref _overCurrentRun, (amps * 1000 > Limits.OverCurrentChargeMilliamps * CurrentTolerance)
            || (-amps * 1000 > Limits.OverCurrentDischargeMilliamps * CurrentTolerance));
        Track(ref _overTemperatureRun, (celsius * 10) - TemperatureToleranceDeciCelsius > Limits.OverTemperatureTripDeciCelsius && amps != 0);
        Track(ref _coldChargeRun, (celsius * 10) + TemperatureToleranceDeciCelsius < Limits.UnderTemperatureChargeTripDeciCelsius && amps > 0);
    }

    private void Track(ref int run, bool violating)
    {
        run = violating ? run + 1 : 0;
        WorstRunTicks = Math.Max(WorstRunTicks, run);
    }

    private static int BitCount(int mask) => System.Numerics.BitOperations.PopCount((uint)mask);
}
