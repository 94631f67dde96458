namespace EdgeController.Hal.Simulation.Actuators;

/// <summary>
/// A bidirectional battery converter with a power rating: it regulates to the last command it
/// took, clipped to its rating. The physics reads <see cref="ActualMilliwatts"/>.
/// </summary>
public sealed class SimulatedBatteryConverter : IBatteryConverter
{
    /// <summary>Creates a converter rated ratedMilliwatts either way.</summary>
    public SimulatedBatteryConverter(int ratedMilliwatts)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratedMilliwatts);
        RatedMilliwatts = ratedMilliwatts;
    }

    /// <summary>The rating, mW, either way.</summary>
    public int RatedMilliwatts { get; }

    /// <summary>The fault the converter shows now.</summary>
    public ActuatorFault Fault { get; set; }

    /// <summary>The power the stage regulates to, mW, positive = discharge.</summary>
    public int ActualMilliwatts { get; private set; }

    /// <inheritdoc />
    public bool SetPowerMilliwatts(int powerMilliwatts)
    {
        switch (Fault)
        {
            case ActuatorFault.NotResponding:
                return false;
            case ActuatorFault.Stuck:
                return true;
            default:
                ActualMilliwatts = Math.Clamp(powerMilliwatts, -RatedMilliwatts, RatedMilliwatts);
                return true;
        }
    }
}
