using System.Threading;
using EdgeController.Core.Composition;

namespace EdgeController.Device
{
    /// <summary>
    /// Supervises the control loop: once a control period it asks the root whether a tick has
    /// completed lately; when none has for the watchdog's limit, the root records the reason in
    /// the boot journal and resets. Runs above the control thread's priority, so a busy loop
    /// cannot starve it, and takes no lock a hung tick might hold.
    /// </summary>
    public sealed class WatchdogThread
    {
        private readonly DeviceApplication _app;
        private readonly int _periodMilliseconds;

        /// <summary>Checks app every periodMilliseconds.</summary>
        public WatchdogThread(DeviceApplication app, int periodMilliseconds)
        {
            _app = app;
            _periodMilliseconds = periodMilliseconds;
        }

        /// <summary>The thread body: returns only into the reset.</summary>
        public void Run()
        {
            while (!_app.SuperviseControl())
            {
                Thread.Sleep(_periodMilliseconds);
            }
        }
    }
}
