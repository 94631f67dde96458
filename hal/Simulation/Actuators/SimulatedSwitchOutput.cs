namespace EdgeController.Hal.Simulation.Actuators;

/// <summary>A relay or contactor: <see cref="IsClosed"/> is where its contacts are, which a welded (stuck) one no longer changes.</summary>
public sealed class SimulatedSwitchOutput : ISwitchOutput
{
    /// <summary>Creates the output with its contacts open (coil off), as at power-up.</summary>
    public SimulatedSwitchOutput(bool initiallyClosed = false) => IsClosed = initiallyClosed;

    /// <summary>The fault: <see cref="ActuatorFault.Stuck"/> is a welded contact (NotResponding is treated the same: the coil is driven but nothing moves).</summary>
    public ActuatorFault Fault { get; set; }

    /// <summary>Where the contacts are.</summary>
    public bool IsClosed { get; private set; }

    /// <inheritdoc />
    public void Set(bool on)
    {
        if (Fault == ActuatorFault.None)
        {
            IsClosed = on;
        }
    }
}
