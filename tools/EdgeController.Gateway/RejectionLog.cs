using EdgeController.Ledger;
using Microsoft.Extensions.Logging;

namespace EdgeController.Gateway;

/// <summary>
/// Logs rejected messages with their reason, rate-limited per reason: the first at once, then at
/// most one line per <see cref="Window"/> saying how many more came (a flood of forgeries must
/// not flood the log). Thread-safe.
/// </summary>
internal sealed class RejectionLog(ILogger logger, Func<long> nowMilliseconds)
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    private readonly object _sync = new();
    private readonly Dictionary<RejectReason, (long LoggedAt, long Suppressed, string? LastTopic)> _byReason = [];

    public void Rejected(RejectReason reason, string? topic)
    {
        long now = nowMilliseconds();
        lock (_sync)
        {
            if (_byReason.TryGetValue(reason, out (long LoggedAt, long Suppressed, string? LastTopic) state)
                && now - state.LoggedAt < (long)Window.TotalMilliseconds)
            {
                _byReason[reason] = (state.LoggedAt, state.Suppressed + 1, topic);
                return;
            }

            _byReason[reason] = (now, 0, topic);
            logger.LogWarning("rejected reason={Reason} topic={Topic}{More}", reason, topic ?? "-",
                state.Suppressed > 0 ? $" (+{state.Suppressed} more of this reason in the {Window.TotalSeconds:0} s before)" : "");
        }
    }

    /// <summary>Says what was suppressed once its window has passed without a new line.</summary>
    public void Flush()
    {
        long now = nowMilliseconds();
        lock (_sync)
        {
            foreach ((RejectReason reason, (long loggedAt, long suppressed, string? lastTopic)) in _byReason.ToList())
            {
                if (suppressed > 0 && now - loggedAt >= (long)Window.TotalMilliseconds)
                {
                    logger.LogWarning("rejected reason={Reason} count={Count} in the last {Seconds:0} s, last topic={Topic}", reason, suppressed, Window.TotalSeconds, lastTopic ?? "-");
                    _byReason[reason] = (now, 0, null);
                }
            }
        }
    }
}
