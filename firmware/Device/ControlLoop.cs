using System;
using System.Threading;
using EdgeController.Core.Console;
using EdgeController.Core.Control;
using EdgeController.Hal;

namespace EdgeController.Device
{
    /// <summary>
    /// Runs Controller.Tick on its own thread at a held period: each wake-up is scheduled from
    /// the previous deadline, not from when the tick finished, so the period does not drift with
    /// the tick's duration. A tick that overruns its period is counted and the schedule restarts
    /// from now instead of firing a burst of late ticks.
    /// Each tick runs holding the lock the console thread takes to serve a line
    /// (<see cref="ConsoleThread"/>): the console changes the same Core objects (mode, settings,
    /// calibration, key) and Core is not thread-safe. Polling the console from this thread instead
    /// would make typing wait for the control period (1 s on the boards we ship).
    /// </summary>
    public sealed class ControlLoop
    {
        private readonly Controller _controller;
        private readonly IClock _clock;
        private readonly int _periodMilliseconds;
        private readonly object _coreLock;
        private readonly ConsoleDevice _console;

        /// <summary>
        /// Wires the loop; <see cref="Run"/> starts it. A failing tick is noted in the console's
        /// log and puts the energy control, if any, in its safe state.
        /// </summary>
        public ControlLoop(Controller controller, IClock clock, int periodMilliseconds, object coreLock, ConsoleDevice console)
        {
            _controller = controller;
            _clock = clock;
            _periodMilliseconds = periodMilliseconds;
            _coreLock = coreLock;
            _console = console;
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

                lock (_coreLock)
                {
                    try
                    {
                        _controller.Tick();
                    }
                    catch (Exception e)
                    {
                        Failures++;
                        LastFailure = e.Message;
                        _console.Note("tick failed (" + Failures.ToString() + "): " + e.Message);
                        EnterSafeState();
                    }
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

        /// <summary>
        /// After a tick that threw: the converter would otherwise hold its last command, and the
        /// contactor stay closed, with nothing watching the pack until a tick succeeds again (or
        /// never). Runs under the lock, like the tick. A failure here is noted and the loop goes
        /// on: the next tick tries again, and protection still runs in it.
        /// </summary>
        private void EnterSafeState()
        {
            SiteControl energy = _controller.EnergyControl;
            if (energy == null)
            {
                return; // a board that only meters drives nothing
            }

            try
            {
                energy.EnterSafeState();
            }
            catch (Exception e)
            {
                _console.Note("safe state failed: " + e.Message);
            }
        }
    }
}
