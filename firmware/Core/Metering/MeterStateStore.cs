using EdgeController.Core.Storage;
using EdgeController.Hal;

namespace EdgeController.Core.Metering
{
    /// <summary>Loads and saves the <see cref="MeterState"/> through a torn-write-safe record.</summary>
    public sealed class MeterStateStore
    {
        /// <summary>The record's name on the store.</summary>
        public const string RecordName = "meter";

        private readonly TwoSlotRecordStore _record;
        private readonly byte[] _buffer = new byte[MeterState.MaxSerializedBytes];

        /// <summary>Creates the store over a non-volatile store.</summary>
        public MeterStateStore(INonVolatileStore store)
        {
            _record = new TwoSlotRecordStore(store, RecordName, MeterState.MaxSerializedBytes);
        }

        /// <summary>
        /// True when the last <see cref="Load"/> found damaged copies but no usable state: the
        /// counters restarted from zero, which the gateway will see as replays until seq passes
        /// the old value. Raised as a fault so that it is never silent.
        /// </summary>
        public bool StateWasLost { get; private set; }

        /// <summary>Loads the newest state, or a fresh one (all zero) when none is stored.</summary>
        public MeterState Load(int channelCount)
        {
            MeterState state = new MeterState(channelCount);
            int length = _record.TryLoad(_buffer);
            bool usable = length >= 0 && state.Deserialize(_buffer, length);
            if (!usable)
            {
                state = new MeterState(channelCount);
            }

            StateWasLost = !usable && (length >= 0 || _record.DamagedSlotsAtLoad > 0);
            return state;
        }

        /// <summary>Saves the state as the newest record.</summary>
        public void Save(MeterState state)
        {
            int length = state.Serialize(_buffer);
            _record.Save(_buffer, length);
        }
    }
}
