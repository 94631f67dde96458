namespace EdgeController.Hal.Simulation.Actuators;

/// <summary>What a simulated actuator does wrong, switched on by a test.</summary>
public enum ActuatorFault
{
    /// <summary>Works.</summary>
    None,

    /// <summary>Does not answer: each command returns false and the previous one stays in force.</summary>
    NotResponding,

    /// <summary>Answers but does not move: the command is acknowledged and ignored (a stuck stage, a welded contactor).</summary>
    Stuck,
}
