namespace EdgeController.Hal.Simulation.Actuators;

/// <summary>A PV controller's output limit as the physics sees it: the PV delivers min(available, limit).</summary>
public sealed class SimulatedPvCurtailment : IPvCurtailment
{
    /// <summary>The fault the controller shows now.</summary>
    public ActuatorFault Fault { get; set; }

    /// <summary>The limit in force, mW (int.MaxValue: none).</summary>
    public int LimitMilliwatts { get; private set; } = int.MaxValue;

    /// <inheritdoc />
    public bool SetLimitMilliwatts(int limitMilliwatts)
    {
        switch (Fault)
        {
            case ActuatorFault.NotResponding:
                return false;
            case ActuatorFault.Stuck:
                return true;
            default:
                LimitMilliwatts = Math.Max(0, limitMilliwatts);
                return true;
        }
    }

    /// <summary>What the PV delivers, W, when its maximum power point is availableWatts.</summary>
    public double DeliveredWatts(double availableWatts) => Math.Min(availableWatts, LimitMilliwatts / 1000.0);
}
