using EdgeController.Core.Console;
using EdgeController.Core.Control;

namespace EdgeController.Core.Composition
{
    /// <summary>
    /// Runs one control tick and accounts for it: a tick that throws is counted, noted in the
    /// console's log, and puts the energy control in its safe state (the converter would
    /// otherwise hold its last command with nothing watching the pack); the loop goes on, and the
    /// next tick, protection included, tries again. Every returned tick feeds the watchdog.
    /// The host's thread reports ticks that overran their period; the console's `status` shows
    /// all of it.
    /// </summary>
    public sealed class ControlTicker
    {
        private readonly Controller _controller;
        private readonly ConsoleDevice _console;
        private readonly ControlWatchdog _watchdog;

        /// <summary>Ticks controller, noting failures in console's log and feeding watchdog.</summary>
        public ControlTicker(Controller controller, ConsoleDevice console, ControlWatchdog watchdog)
        {
            _controller = controller;
            _console = console;
            _watchdog = watchdog;
        }

        /// <summary>Ticks since boot.</summary>
        public long Ticks { get; private set; }

        /// <summary>Ticks that ended after the next one was due (reported by the host's thread).</summary>
        public long Overruns { get; private set; }

        /// <summary>Ticks that threw.</summary>
        public long Failures { get; private set; }

        /// <summary>The message of the last tick that threw, or null.</summary>
        public string LastFailure { get; private set; }

        /// <summary>One tick. Returns true when it emitted a reading.</summary>
        public bool Tick()
        {
            bool emitted = false;
            try
            {
                emitted = _controller.Tick();
            }
            catch (System.Exception e)
            {
                Failures++;
                LastFailure = e.Message;
                _console.Note("tick failed (" + Failures.ToString() + "): " + e.Message);
                EnterSafeState();
            }

            Ticks++;
            _watchdog.Feed();
            return emitted;
        }

        /// <summary>Counts a tick that ended after its successor was due.</summary>
        public void RecordOverrun()
        {
            Overruns++;
        }

        /// <summary>
        /// Idles the power stage (contactor open, converter at 0). A failure here is noted and
        /// swallowed: the next tick tries again.
        /// </summary>
        public void EnterSafeState()
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
            catch (System.Exception e)
            {
                _console.Note("safe state failed: " + e.Message);
            }
        }
    }
}
