using EdgeController.Core.Telemetry;

namespace EdgeController.Core.Metering
{
    /// <summary>
    /// The counters a device must never lose or reuse: the boot count, the last seq (shared by
    /// readings and events) and each channel's energy registers, persisted through the
    /// <see cref="MeterStateStore"/>. A seq is taken here and saved before, or (with a durable
    /// outbox) right after, the message that carries it is on flash: never used twice.
    /// </summary>
    public sealed class MeterCounters
    {
        private readonly MeterStateStore _store;
        private readonly int _channelCount;
        private MeterState _state;

        /// <summary>Counters for channelCount channels; nothing is read until <see cref="Boot"/>.</summary>
        public MeterCounters(MeterStateStore store, int channelCount)
        {
            _store = store;
            _channelCount = channelCount;
        }

        /// <summary>True when the stored state was damaged beyond use at boot (the counters restarted).</summary>
        public bool LostAtBoot { get; private set; }

        /// <summary>The boot counter of this run (1 on a new device).</summary>
        public long BootCount
        {
            get { return _state.BootCount; }
        }

        /// <summary>The last seq taken (0 before the first).</summary>
        public long LastSequence
        {
            get { return _state.LastSequence; }
        }

        /// <summary>The energy registers as stored, forward, mWh (the channels start from them).</summary>
        public long[] ForwardMilliwattHours
        {
            get { return _state.ForwardMilliwattHours; }
        }

        /// <summary>The energy registers as stored, reverse, mWh.</summary>
        public long[] ReverseMilliwattHours
        {
            get { return _state.ReverseMilliwattHours; }
        }

        /// <summary>Loads the stored counters, continues above any seq the outbox holds, counts this boot and saves.</summary>
        public void Boot(TelemetryOutbox outbox)
        {
            _state = _store.Load(_channelCount);
            LostAtBoot = _store.StateWasLost;

            // A durable outbox may hold a message whose seq the meter state never recorded (power
            // failed between the two writes, see Controller's reading): continue above it.
            long spilledSequence = outbox.HighestSequence(MessageKind.Reading);
            long spilledEvent = outbox.HighestSequence(MessageKind.Event);
            if (spilledEvent > spilledSequence)
            {
                spilledSequence = spilledEvent; // events share the counter (ISequenceSource)
            }

            if (spilledSequence > _state.LastSequence)
            {
                _state.LastSequence = spilledSequence;
            }

            _state.BootCount++;
            _store.Save(_state);
        }

        /// <summary>Takes the next seq (in RAM: <see cref="Save"/> persists it).</summary>
        public long TakeNextSequence()
        {
            _state.LastSequence++;
            return _state.LastSequence;
        }

        /// <summary>Copies the channels' registers into the counters (in RAM: <see cref="Save"/> persists them).</summary>
        public void CaptureRegisters(MeterChannel[] channels)
        {
            for (int i = 0; i < channels.Length; i++)
            {
                _state.ForwardMilliwattHours[i] = channels[i].ForwardMilliwattHours;
                _state.ReverseMilliwattHours[i] = channels[i].ReverseMilliwattHours;
            }
        }

        /// <summary>Persists the counters.</summary>
        public void Save()
        {
            _store.Save(_state);
        }
    }
}
