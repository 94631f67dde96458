using EdgeController.Hal;

namespace EdgeController.Core.Composition
{
    /// <summary>
    /// The reboot the console asks for, held until the console's poll has returned and released
    /// the control lock: the reset (which waits for the reply to leave the UART) then runs
    /// outside it, so protection keeps ticking until the very reset.
    /// </summary>
    public sealed class DeferredReboot : IRebootHook
    {
        /// <summary>True once a reboot was asked for.</summary>
        public bool Pending { get; private set; }

        /// <inheritdoc />
        public void RequestReboot()
        {
            Pending = true;
        }

        /// <summary>True once per request: the host resets once, however often it polls after.</summary>
        public bool TakePending()
        {
            bool pending = Pending;
            Pending = false;
            return pending;
        }
    }
}
