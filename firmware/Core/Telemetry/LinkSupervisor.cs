using EdgeController.Hal;

namespace EdgeController.Core.Telemetry
{
    /// <summary>
    /// Keeps the MQTT session up from the device's loop: when the link is down and the backoff
    /// allows, makes one bounded connection attempt per call. A lost link counts as a failure, so
    /// even the first attempt after a broker restart waits a jittered initial delay. The control
    /// loop is never blocked longer than one attempt (the link's connect timeout).
    /// </summary>
    public sealed class LinkSupervisor
    {
        private readonly IMqttLink _link;
        private readonly IMqttConnection _connection;
        private readonly ReconnectBackoff _backoff;
        private readonly IClock _clock;
        private bool _wasConnected;

        /// <summary>Supervises link (connected through connection) with backoff, timed by clock.</summary>
        public LinkSupervisor(IMqttLink link, IMqttConnection connection, ReconnectBackoff backoff, IClock clock)
        {
            _link = link;
            _connection = connection;
            _backoff = backoff;
            _clock = clock;
        }

        /// <summary>Connection attempts made since boot.</summary>
        public long Attempts { get; private set; }

        /// <summary>Successful connections since boot.</summary>
        public long Connections { get; private set; }

        /// <summary>Times the link was found lost since boot.</summary>
        public long LinkLosses { get; private set; }

        /// <summary>The backoff in use.</summary>
        public ReconnectBackoff Backoff
        {
            get { return _backoff; }
        }

        /// <summary>Call once per loop pass. Returns true when the link is up after the call.</summary>
        public bool Poll()
        {
            long now = _clock.UptimeMilliseconds;
            if (_link.IsConnected)
            {
                _wasConnected = true;
                return true;
            }

            if (_wasConnected)
            {
                _wasConnected = false;
                LinkLosses++;
                _backoff.RecordFailure(now);
            }

            if (!_backoff.IsAttemptDue(now))
            {
                return false;
            }

            Attempts++;
            if (_connection.TryConnect())
            {
                _backoff.RecordSuccess();
                _wasConnected = true;
                Connections++;
                return true;
            }

            _backoff.RecordFailure(now);
            return false;
        }
    }
}
