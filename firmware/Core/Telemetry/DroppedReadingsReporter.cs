using EdgeController.Core.Signing;
using EdgeController.Hal;

namespace EdgeController.Core.Telemetry
{
    /// <summary>
    /// Turns the outbox's dropped readings into a signed event on .../event, so a drop is never
    /// silent: {"v":1,"dev":..,"boot":..,"seq":..,"ts":..,"tq":..,"ev":"dropped","n":&lt;readings
    /// dropped&gt;,"first":&lt;first dropped seq&gt;,"last":&lt;last dropped seq&gt;,"total":&lt;dropped
    /// since boot&gt;}. Its "seq" comes from the device's one message counter (<see cref="ISequenceSource"/>),
    /// shared with readings and the other events, so the gateway's ledger keeps them all in one
    /// chain without a collision or a false gap.
    /// Call <see cref="Poll"/> while the link is up: an event queued during the outage that causes
    /// the drops would sit in the oldest part of the store and could be dropped itself; queued
    /// after the reconnect, one event covers the whole outage. The count not yet reported lives in
    /// RAM: a reboot before the link returns loses the event (the ledger still records the gap).
    /// </summary>
    public sealed class DroppedReadingsReporter
    {
        /// <summary>The "ev" of this event.</summary>
        public const string EventKind = "dropped";

        private readonly CompactJsonWriter _json = new CompactJsonWriter();
        private readonly DeviceIdentity _identity;
        private readonly IClock _clock;
        private readonly SignedEnvelopeWriter _envelopeWriter;
        private readonly TelemetryOutbox _outbox;
        private readonly ISequenceSource _sequences;
        private readonly byte[] _message;
        private long _lastEventSequence;

        /// <summary>Reports the outbox's drops, numbering them from the device's message counter.</summary>
        public DroppedReadingsReporter(DeviceIdentity identity, IClock clock, SignedEnvelopeWriter envelopeWriter, TelemetryOutbox outbox, ISequenceSource sequences)
        {
            _sequences = sequences;
            _identity = identity;
            _clock = clock;
            _envelopeWriter = envelopeWriter;
            _outbox = outbox;
            _message = new byte[outbox.MaxMessageBytes];
        }

        /// <summary>Readings reported as dropped since boot.</summary>
        public long ReportedDropped { get; private set; }

        /// <summary>The seq of the last event this reporter queued since boot (0 before the first).</summary>
        public long LastEventSequence
        {
            get { return _lastEventSequence; }
        }

        /// <summary>Queues one event if readings were dropped since the last call. True when it did.</summary>
        public bool Poll(long bootCount)
        {
            long first;
            long last;
            long dropped = _outbox.TakeDroppedReadings(out first, out last);
            if (dropped == 0)
            {
                return false;
            }

            ReportedDropped += dropped;
            _lastEventSequence = _sequences.ReserveSequence();
            CompactJsonWriter json = _json;
            json.Begin(_message, SignedEnvelopeWriter.PayloadOffset);
            json.WriteInteger("v", 1);
            json.WriteString("dev", _identity.DeviceId);
            json.WriteInteger("boot", bootCount);
            json.WriteInteger("seq", _lastEventSequence);
            json.WriteInteger("ts", _clock.UnixTimeMilliseconds);
            json.WriteInteger("tq", _clock.IsWallClockSynchronized ? 1 : 0);
            json.WriteString("ev", EventKind);
            json.WriteInteger("n", dropped);
            json.WriteInteger("first", first);
            json.WriteInteger("last", last);
            json.WriteInteger("total", ReportedDropped);
            json.End();
            int length = json.IsValid ? _envelopeWriter.Seal(_message, json.Length) : -1;
            return length > 0 && _outbox.Enqueue(MessageKind.Event, _lastEventSequence, _message, length);
        }
    }
}
