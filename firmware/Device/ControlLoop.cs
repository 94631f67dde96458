using System;
using System.Threading;
using EdgeController.Core.Control;
using EdgeController.Hal;

namespace EdgeController.Device
{
    /// <summary>
    /// Runs Controller.Tick on its own thread at a held period: each wake-up is scheduled from
    /// the previous deadline, not from when the tick finished, so the period does not drift with
    /// the tick's duration. A tick that overruns its period is counted and the schedule restarts
    /// from now instead of firing a burst of late ticks.
    /// </summary>
    public sealed class ControlLoop
    {
        private readonly Controller _controller;
        private readonly IClock _clock;
        private readonly int _periodMilliseconds;

        /// <summary>Wires the loop; <see cref="Run"/> starts it.</summary>
        public ControlLoop(Controller controller, IClock clock, int periodMilliseconds)
        {
            _controller = controller;
            _clock = clock;
            _periodMilliseconds = periodMilliseconds;
        }

        /// <summary>Ticks since start.</summary>
        public long Ticks { get; private set; }

        /// <summary>Ticks that ended after the next deadline.</summary>
        public long Overruns { get; private set; }

        /// <summary>Ticks that threw (the loop goes on).</summary>
        public long Failures { get; private set; }

        /// <summary>The message of the last tick that threw, or null.</summary>
        public string LastFailure { get; private set; }

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

                try
                {
                    _controller.Tick();
                }
                catch (Exception e)
                {
                    Failures++;
                    LastFailure = e.Message;
                }

                Ticks++;
                deadline += _periodMilliseconds;
                now = _clock.UptimeMilliseconds;
                if (deadline <= now)
                {
                    Overruns++;
                    deadline = now + _periodMilliseconds;
                }
            }
        }
    }
}
