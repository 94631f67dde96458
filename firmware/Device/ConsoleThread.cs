using System.Threading;
using EdgeController.Core.Console;

namespace EdgeController.Device
{
    /// <summary>
    /// Serves Core's <see cref="ConsoleSession"/> on its own thread: every
    /// <see cref="PollMilliseconds"/> it takes the lock the control loop ticks under and polls
    /// the session, which reads what arrived on the UART, echoes, runs complete lines and streams
    /// `watch`. A line therefore never runs while a tick does (Core is not thread-safe), and a
    /// keystroke is echoed within one poll plus at most one tick, not one control period.
    /// </summary>
    public sealed class ConsoleThread
    {
        /// <summary>Time between polls, ms: below what a typist notices, few lock takes per second.</summary>
        public const int PollMilliseconds = 20;

        private readonly ConsoleSession _session;
        private readonly object _coreLock;

        /// <summary>Wires the thread; <see cref="Run"/> starts it.</summary>
        public ConsoleThread(ConsoleSession session, object coreLock)
        {
            _session = session;
            _coreLock = coreLock;
        }

        /// <summary>The thread body: prints the banner, then serves the console; never returns (a `reboot` ends in the reboot hook).</summary>
        public void Run()
        {
            lock (_coreLock)
            {
                _session.Start();
            }

            while (true)
            {
                lock (_coreLock)
                {
                    _session.Poll();
                }

                Thread.Sleep(PollMilliseconds);
            }
        }
    }
}
