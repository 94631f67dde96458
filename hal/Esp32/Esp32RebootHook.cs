using System.Threading;
using nanoFramework.Runtime.Native;

namespace EdgeController.Hal.Esp32
{
    /// <summary>
    /// Restarts the ESP32 with nanoFramework.Runtime.Native's Power.RebootDevice(int)
    /// (nanoframework/nanoFramework.Runtime.Native, Power.cs @279c2de: it runs the OnRebootEvent
    /// handlers under the given execution constraint, then reboots natively; it does not return).
    /// The caller persists its state first (the console's `reboot` saves the meter state and
    /// queues its event before asking). The hook first waits <c>settleMilliseconds</c> so the
    /// UART can send the reply still in its buffer: a `reboot` must be answered before the line dies.
    /// </summary>
    public sealed class Esp32RebootHook : IRebootHook
    {
        /// <summary>How long OnRebootEvent handlers may run, ms (none are registered by this firmware).</summary>
        public const int HandlerTimeoutMilliseconds = 1000;

        private readonly int _settleMilliseconds;

        /// <summary>Creates the hook; settleMilliseconds is the wait before the reset (about 4 KiB at 115200 baud take 360 ms).</summary>
        public Esp32RebootHook(int settleMilliseconds)
        {
            _settleMilliseconds = settleMilliseconds;
        }

        /// <inheritdoc />
        public void RequestReboot()
        {
            Thread.Sleep(_settleMilliseconds);
            Power.RebootDevice(HandlerTimeoutMilliseconds);
        }
    }
}
