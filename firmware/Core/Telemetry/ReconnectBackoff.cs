using EdgeController.Hal;

namespace EdgeController.Core.Telemetry
{
    /// <summary>
    /// When to try the broker again: exponential backoff with "equal jitter". After the n-th
    /// failure in a row the ceiling is initial x 2^(n-1), capped at the maximum, and the wait is
    /// half the ceiling plus a random part of the other half. Half a ceiling keeps a dead broker
    /// from being hammered; the random half keeps a site's devices, which all lost the broker
    /// at the same moment, from all coming back at the same moment.
    /// </summary>
    public sealed class ReconnectBackoff
    {
        private const int MaxDoublings = 30;

        private readonly int _initialDelayMilliseconds;
        private readonly int _maxDelayMilliseconds;
        private readonly IRandomSource _jitter;
        private long _nextAttemptUptimeMilliseconds;

        /// <summary>A backoff from initialDelayMilliseconds doubling up to maxDelayMilliseconds.</summary>
        public ReconnectBackoff(int initialDelayMilliseconds, int maxDelayMilliseconds, IRandomSource jitter)
        {
            if (initialDelayMilliseconds < 1 || maxDelayMilliseconds < initialDelayMilliseconds)
            {
                throw new System.ArgumentOutOfRangeException("initialDelayMilliseconds", "1 <= initial <= max");
            }

            _initialDelayMilliseconds = initialDelayMilliseconds;
            _maxDelayMilliseconds = maxDelayMilliseconds;
            _jitter = jitter;
        }

        /// <summary>Failed attempts (or losses of the link) since the last success.</summary>
        public int ConsecutiveFailures { get; private set; }

        /// <summary>Uptime at which the next attempt is allowed.</summary>
        public long NextAttemptUptimeMilliseconds
        {
            get { return _nextAttemptUptimeMilliseconds; }
        }

        /// <summary>True when an attempt is allowed at uptime now.</summary>
        public bool IsAttemptDue(long nowUptimeMilliseconds)
        {
            return nowUptimeMilliseconds >= _nextAttemptUptimeMilliseconds;
        }

        /// <summary>The ceiling of the wait after the given number of failures in a row (at least 1).</summary>
        public int CeilingMilliseconds(int failures)
        {
            int doublings = failures <= 1 ? 0 : (failures - 1 > MaxDoublings ? MaxDoublings : failures - 1);
            long ceiling = (long)_initialDelayMilliseconds << doublings;
            return ceiling > _maxDelayMilliseconds ? _maxDelayMilliseconds : (int)ceiling;
        }

        /// <summary>Records a failed attempt (or a lost link) at uptime now and schedules the next one.</summary>
        public void RecordFailure(long nowUptimeMilliseconds)
        {
            if (ConsecutiveFailures < int.MaxValue)
            {
                ConsecutiveFailures++;
            }

            int ceiling = CeilingMilliseconds(ConsecutiveFailures);
            int half = ceiling / 2;
            int randomPart = _jitter.Next(ceiling - half + 1);
            _nextAttemptUptimeMilliseconds = nowUptimeMilliseconds + half + randomPart;
        }

        /// <summary>Records a success: the next loss starts again from the initial delay.</summary>
        public void RecordSuccess()
        {
            ConsecutiveFailures = 0;
            _nextAttemptUptimeMilliseconds = 0;
        }
    }
}
