namespace EdgeController.Core.Composition
{
    /// <summary>
    /// Notices a control loop that stopped completing ticks (a driver blocked on a bus, a
    /// deadlock, an endless loop): the control thread feeds it after every tick, and a
    /// supervision thread checks it. Only an int crosses threads, through Interlocked (nanoFramework
    /// has no `volatile`); the checker keeps its own time of the last progress it saw, so a
    /// torn 64-bit read can never fake a stall.
    /// </summary>
    public sealed class ControlWatchdog
    {
        private readonly long _stalledLimitMilliseconds;
        private int _completedTicks;
        private int _lastSeenTicks;
        private long _lastProgressUptimeMilliseconds;
        private bool _started;

        /// <summary>A watchdog that calls the loop stalled after stalledPeriods control periods without a completed tick.</summary>
        public ControlWatchdog(int controlPeriodMilliseconds, int stalledPeriods)
        {
            if (controlPeriodMilliseconds < 1 || stalledPeriods < 2)
            {
                throw new System.ArgumentOutOfRangeException("stalledPeriods", "a period of at least 1 ms and at least 2 periods");
            }

            _stalledLimitMilliseconds = (long)controlPeriodMilliseconds * stalledPeriods;
        }

        /// <summary>Silence that counts as a stall, ms.</summary>
        public long StalledLimitMilliseconds
        {
            get { return _stalledLimitMilliseconds; }
        }

        /// <summary>How long the loop had been silent at the last <see cref="Check"/>, ms.</summary>
        public long SilentMilliseconds { get; private set; }

        /// <summary>Called by the control thread after every tick, failed or not (a tick that throws still returned).</summary>
        public void Feed()
        {
            System.Threading.Interlocked.Increment(ref _completedTicks);
        }

        /// <summary>Called by the supervision thread: true when no tick has completed for the limit.</summary>
        public bool Check(long uptimeMilliseconds)
        {
            int seen = System.Threading.Interlocked.CompareExchange(ref _completedTicks, 0, 0);
            if (!_started || seen != _lastSeenTicks)
            {
                _started = true;
                _lastSeenTicks = seen;
                _lastProgressUptimeMilliseconds = uptimeMilliseconds;
            }

            SilentMilliseconds = uptimeMilliseconds - _lastProgressUptimeMilliseconds;
            return SilentMilliseconds >= _stalledLimitMilliseconds;
        }
    }
}
