using EdgeController.Core.Control;
using EdgeController.Core.Protection;
using EdgeController.Simulator;

namespace EdgeController.Control.Tests.Site;

/// <summary>
/// Watches the plant's true values (not the firmware's readings) against the protection limits
/// of the simulated board: a limit may be passed, but current must stop within one tick. It
/// counts, per tick, whether a limit is passed while current still flows in the direction that
/// limit forbids, and keeps the longest run of such ticks.
/// </summary>
internal sealed class SafetyWatch
{
    /// <summary>What the ADC path may read low by (quantisation, noise, divider rounding), mV: a trip is compared widened by it.</summary>
    public const int VoltageToleranceMillivolts = 50;

    /// <summary>The NTC path's tolerance, 0.1 °C.</summary>
    public const int TemperatureToleranceDeciCelsius = 10;

    private readonly ProtectionLimits _limits = EnergyControlBuilder.ProtectionOf(SimulatedBoard.Config.Battery);
    private int _run;

    /// <summary>The longest run of ticks with a limit passed and current still flowing against it.</summary>
    public int LongestViolationTicks { get; private set; }

    /// <summary>Ticks on which any limit was passed at all (with or without current).</summary>
    public int TicksBeyondALimit { get; private set; }

    /// <summary>Checks one tick of the device's plant.</summary>
    public void Check(SimulatedDevice device)
    {
        double volts = device.Plant.Pack.TerminalVolts;
        double amps = device.Plant.Pack.CurrentAmps;
        double celsius = device.Plant.Pack.TemperatureCelsius;
        int millivolts = (int)(volts * 1000);
        int milliamps = (int)(amps * 1000);
        int deciCelsius = (int)(celsius * 10);
        bool charging = milliamps > _limits.BlockedLeakMilliamps;
        bool discharging = milliamps < -_limits.BlockedLeakMilliamps;
        bool flowing = charging || discharging;

        bool overVoltage = millivolts > _limits.OverVoltageTripMillivolts + VoltageToleranceMillivolts;
        bool underVoltage = millivolts < _limits.UnderVoltageTripMillivolts - VoltageToleranceMillivolts;
        bool overCurrent = milliamps > _limits.OverCurrentChargeMilliamps || -milliamps > _limits.OverCurrentDischargeMilliamps;
        bool overTemperature = deciCelsius > _limits.OverTemperatureTripDeciCelsius + TemperatureToleranceDeciCelsius;
        bool frostCharge = deciCelsius < _limits.UnderTemperatureChargeTripDeciCelsius - TemperatureToleranceDeciCelsius;
        bool frostDischarge = deciCelsius < _limits.UnderTemperatureDischargeTripDeciCelsius - TemperatureToleranceDeciCelsius;

        bool beyond = overVoltage || underVoltage || overCurrent || overTemperature || frostCharge || frostDischarge;
        bool violating = (overVoltage && charging) || (underVoltage && discharging) || overCurrent
            || ((overTemperature || frostDischarge) && flowing) || (frostCharge && charging);
        TicksBeyondALimit += beyond ? 1 : 0;
        _run = violating ? _run + 1 : 0;
        LongestViolationTicks = Math.Max(LongestViolationTicks, _run);
    }
}
