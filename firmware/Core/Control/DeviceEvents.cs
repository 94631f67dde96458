using EdgeController.Core.Metering;
using EdgeController.Core.Signing;
using EdgeController.Core.Telemetry;
using EdgeController.Hal;

namespace EdgeController.Core.Control
{
    /// <summary>
    /// Publishes signed events (config changed, mode, fault cleared, key changed, reboot) into the
    /// outbox, in the reading's envelope and under the device key. Each event takes its seq from
    /// the controller's reading counter, so seq stays strictly increasing per device across both
    /// topics. Up to <see cref="MaxFields"/> string fields per event.
    /// </summary>
    public sealed class DeviceEvents
    {
        /// <summary>Fields an event may carry besides its header.</summary>
        public const int MaxFields = 4;

        /// <summary>Event kinds.</summary>
        public const string Config = "config";

        /// <summary>The operating mode changed.</summary>
        public const string ModeChanged = "mode";

        /// <summary>Latched faults were cleared.</summary>
        public const string FaultCleared = "fault_clear";

        /// <summary>The signing key changed (set or rotated): carries the new kid and fingerprint.</summary>
        public const string KeyChanged = "key";

        /// <summary>A reboot was requested.</summary>
        public const string Reboot = "reboot";

        private readonly Controller _controller;
        private readonly IClock _clock;
        private readonly SignedEnvelopeWriter _envelopeWriter;
        private readonly TelemetryOutbox _outbox;
        private readonly EventFormatter _formatter;
        private readonly ReadingHeader _header = new ReadingHeader();
        private readonly string[] _keys = new string[MaxFields];
        private readonly string[] _values = new string[MaxFields];
        private readonly byte[] _message;
        private int _fieldCount;

        /// <summary>Creates the publisher; events go into outbox signed by envelopeWriter.</summary>
        public DeviceEvents(string deviceId, Controller controller, IClock clock, SignedEnvelopeWriter envelopeWriter, TelemetryOutbox outbox)
        {
            _controller = controller;
            _clock = clock;
            _envelopeWriter = envelopeWriter;
            _outbox = outbox;
            _formatter = new EventFormatter(deviceId);
            _message = new byte[outbox.MaxMessageBytes];
        }

        /// <summary>Events queued since boot.</summary>
        public int Published { get; private set; }

        /// <summary>Events that could not be written (a value not writable, or too long).</summary>
        public int Failed { get; private set; }

        /// <summary>Starts an event; add fields with <see cref="Field"/>, then <see cref="Send"/>.</summary>
        public DeviceEvents Begin()
        {
            _fieldCount = 0;
            return this;
        }

        /// <summary>Adds a field (ignored past <see cref="MaxFields"/>).</summary>
        public DeviceEvents Field(string key, string value)
        {
            if (_fieldCount < MaxFields)
            {
                _keys[_fieldCount] = key;
                _values[_fieldCount] = value;
                _fieldCount++;
            }

            return this;
        }

        /// <summary>Signs and queues the event of this kind; returns its seq, or -1 when it could not be written.</summary>
        public long Send(string kind)
        {
            _header.BootCount = _controller.BootCount;
            _header.Sequence = _controller.ReserveSequence();
            _header.UnixTimeMilliseconds = _clock.UnixTimeMilliseconds;
            _header.TimeSynchronized = _clock.IsWallClockSynchronized;
            int payloadLength = _formatter.Write(
                _message, SignedEnvelopeWriter.PayloadOffset, _header, kind, _keys, _values, _fieldCount);
            int messageLength = payloadLength > 0 ? _envelopeWriter.Seal(_message, payloadLength) : -1;
            _fieldCount = 0;
            if (messageLength < 0)
            {
                Failed++;
                return -1;
            }

            _outbox.Enqueue(MessageKind.Event, _header.Sequence, _message, messageLength);
            Published++;
            return _header.Sequence;
        }
    }
}
