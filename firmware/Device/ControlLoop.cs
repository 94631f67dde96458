using System.Threading;
using EdgeController.Core.Composition;
using EdgeController.Hal;

namespace EdgeController.Device
{
    /// <summary>
    /// The control thread: calls the root's control tick at a held period. Each wake-up is
    /// scheduled from the previous deadline, not from when the tick finished, so the period does
    /// not drift with the tick's duration; a tick that overruns is reported to the root (the
    /// console's `status` shows it) and the schedule restarts from now instead of firing a burst of
    /// late ticks. Failures, the safe state and the lock are the root's business.
    /// </summary>
    public sealed class ControlLoop
    {
        private readonly DeviceApplication _app;
        private readonly IClock _clock;
        private readonly int _periodMilliseconds;

        /// <summary>Wires the loop; <see cref="Run"/> starts it.</summary>
        public ControlLoop(DeviceApplication app, IClock clock, int periodMilliseconds)
        {
            _app = app;
            _clock = clock;
            _periodMilliseconds = periodMilliseconds;
        }

        /// <summary>The thread body: never returns.</summary>
        public void Run()
        {
            long deadline = _clock.UptimeMilliseconds + _periodMilliseconds;
            while (true)
            {
                long now = _clock.UptimeMilliseconds;
                if (deadline > now)
                {
                    Thread.Sleep((int)(deadline - now));
                }

                _app.ControlTick();
                deadline += _periodMilliseconds;
                now = _clock.UptimeMilliseconds;
                if (deadline <= now)
                {
                    _app.RecordTickOverrun();
                    deadline = now + _periodMilliseconds;
                }
            }
        }
    }
}
