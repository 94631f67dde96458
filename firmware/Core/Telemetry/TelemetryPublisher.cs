using EdgeController.Hal;

namespace EdgeController.Core.Telemetry
{
    /// <summary>
    /// Drains the outbox to the MQTT link, oldest first, a bounded number per call so the
    /// caller's loop keeps its period: after an outage the backlog drains at maxMessages per loop
    /// pass, each publish bounded by the link's timeout, and reading a spilled segment from flash
    /// happens at most once per segment. A message leaves the outbox only after the broker took it.
    /// </summary>
    public sealed class TelemetryPublisher
    {
        private readonly TelemetryOutbox _outbox;
        private readonly IMqttLink _link;
        private readonly TopicNames _topics;
        private readonly byte[] _message;

        /// <summary>Creates a publisher for one device's topics.</summary>
        public TelemetryPublisher(TelemetryOutbox outbox, IMqttLink link, TopicNames topics)
        {
            _outbox = outbox;
            _link = link;
            _topics = topics;
            _message = new byte[outbox.MaxMessageBytes];
        }

        /// <summary>Messages the broker acknowledged since boot.</summary>
        public long PublishedCount { get; private set; }

        /// <summary>Readings among <see cref="PublishedCount"/>.</summary>
        public long PublishedReadings { get; private set; }

        /// <summary>Publish attempts the link refused since boot (the message stayed queued).</summary>
        public long FailedAttempts { get; private set; }

        /// <summary>Publishes up to maxMessages; returns how many went out.</summary>
        public int Pump(int maxMessages)
        {
            return Pump(maxMessages, null, 0);
        }

        /// <summary>
        /// Publishes up to maxMessages, and starts no new publish once maxMilliseconds of clock's
        /// uptime have passed in this call: the loop pass then costs at most the budget plus one
        /// publish (itself bounded by the link's timeout), however slowly the broker acknowledges.
        /// </summary>
        public int Pump(int maxMessages, IClock clock, int maxMilliseconds)
        {
            long startUptimeMilliseconds = clock == null ? 0 : clock.UptimeMilliseconds;
            int sent = 0;
            while (sent < maxMessages && _link.IsConnected)
            {
                if (clock != null && sent > 0 && clock.UptimeMilliseconds - startUptimeMilliseconds >= maxMilliseconds)
                {
                    break;
                }

                MessageKind kind;
                int length = _outbox.PeekOldest(_message, out kind);
                if (length < 0)
                {
                    break;
                }

                string topic = kind == MessageKind.Event ? _topics.Event : _topics.Reading;
                if (!_link.Publish(topic, _message, length, false))
                {
                    FailedAttempts++;
                    break;
                }

                _outbox.RemoveOldest();
                PublishedCount++;
                PublishedReadings += kind == MessageKind.Reading ? 1 : 0;
                sent++;
            }

            return sent;
        }
    }
}
