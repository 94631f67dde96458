namespace EdgeController.Hal.Simulation.Sensors;

/// <summary>Faults a test can put on a simulated bus device.</summary>
public enum SimulatedBusFault
{
    /// <summary>Answers normally.</summary>
    None,

    /// <summary>Does not acknowledge: every transaction fails as an I2C NACK would.</summary>
    NoAcknowledge,

    /// <summary>Holds the bus: every transaction times out.</summary>
    Timeout,

    /// <summary>Acknowledges but its measurement registers stop updating (a stuck value).</summary>
    StuckValue,

    /// <summary>The driver throws instead of returning a status (a bug in a binding, a corrupted object).</summary>
    DriverException,
}
