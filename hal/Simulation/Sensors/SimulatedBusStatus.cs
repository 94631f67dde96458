namespace EdgeController.Hal.Simulation.Sensors;

/// <summary>Outcome of one simulated bus transaction, shaped like System.Device.I2c's transfer status.</summary>
public enum SimulatedBusStatus
{
    /// <summary>Acknowledged and completed.</summary>
    Ok,

    /// <summary>The device did not acknowledge.</summary>
    NoAcknowledge,

    /// <summary>The transaction timed out.</summary>
    Timeout,
}
