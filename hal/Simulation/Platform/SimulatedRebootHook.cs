namespace EdgeController.Hal.Simulation.Platform;

/// <summary>Records a reboot request; the simulator (or a test) then rebuilds the device from its flash.</summary>
public sealed class SimulatedRebootHook : IRebootHook
{
    /// <summary>True once a reboot was asked for and not yet taken.</summary>
    public bool RebootRequested { get; private set; }

    /// <summary>Runs inside the reset, as the ESP32's reset waits for the UART: a test checks there what else may run meanwhile.</summary>
    public Action? WhileResetting { get; set; }

    /// <summary>Reboots asked for in all.</summary>
    public int Requests { get; private set; }

    /// <inheritdoc />
    public void RequestReboot()
    {
        WhileResetting?.Invoke();
        RebootRequested = true;
        Requests++;
    }

    /// <summary>Takes the request (the simulator calls this as it reboots); true when there was one.</summary>
    public bool TakeRequest()
    {
        bool requested = RebootRequested;
        RebootRequested = false;
        return requested;
    }
}
