using System.Threading;
using EdgeController.Core.Composition;

namespace EdgeController.Device
{
    /// <summary>
    /// Serves the field console on its own thread: every <see cref="PollMilliseconds"/> it calls
    /// the root's console poll, which takes the control lock for the line it runs (Core is not
    /// thread-safe) and carries out a `reboot` after releasing it. A keystroke is echoed within
    /// one poll plus at most one tick, not one control period.
    /// </summary>
    public sealed class ConsoleThread
    {
        /// <summary>Time between polls, ms: below what a typist notices, few lock takes per second.</summary>
        public const int PollMilliseconds = 20;

        private readonly DeviceApplication _app;

        /// <summary>Wires the thread; <see cref="Run"/> starts it.</summary>
        public ConsoleThread(DeviceApplication app)
        {
            _app = app;
        }

        /// <summary>The thread body: never returns (a `reboot` ends in the reset).</summary>
        public void Run()
        {
            while (true)
            {
                _app.PollConsole();
                Thread.Sleep(PollMilliseconds);
            }
        }
    }
}
