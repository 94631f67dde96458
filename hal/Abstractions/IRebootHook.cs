namespace EdgeController.Hal
{
    /// <summary>Restarts the device (a software reset on the ESP32; the simulator recreates the device from its flash).</summary>
    public interface IRebootHook
    {
        /// <summary>Asks for a restart once the caller's current work is done; may not return on the device.</summary>
        void RequestReboot();
    }
}
