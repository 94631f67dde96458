using EdgeController.Core.Commands;
using EdgeController.Core.Storage;
using EdgeController.Hal;

namespace EdgeController.Core.Market
{
    /// <summary>
    /// The command processor's handler of .../cmd/award, after the envelope verified under the
    /// device's command key: reads the award in its one spelling, refuses a cmdseq (the slot's
    /// number) not above the last applied, an unsynchronised clock and an ended slot, and hands
    /// the rest to the <see cref="AwardFollower"/>. The last applied cmdseq is kept on flash in a
    /// record of its own ("award"), written before the award takes effect, so a reboot never
    /// reopens an award to a replay. Kept apart from the tariff's record: the two kinds change
    /// for different reasons.
    /// </summary>
    public sealed class AwardCommandHandler
    {
        /// <summary>The record (two slots) of the last applied award's cmdseq.</summary>
        public const string RecordName = "award";

        private const int RecordBytes = 8;

        private readonly AwardFollower _follower;
        private readonly IClock _clock;
        private readonly TwoSlotRecordStore _record;
        private readonly AwardCommand _award = new AwardCommand();
        private readonly byte[] _recordBuffer = new byte[RecordBytes];
        private long _lastApplied;

        /// <summary>Creates the handler for follower, its cmdseq kept in store.</summary>
        public AwardCommandHandler(AwardFollower follower, IClock clock, INonVolatileStore store)
        {
            _follower = follower;
            _clock = clock;
            _record = new TwoSlotRecordStore(store, RecordName, RecordBytes);
        }

        /// <summary>The cmdseq of the last award applied, ever (0 before the first).</summary>
        public long LastAppliedSequence
        {
            get { return _lastApplied; }
        }

        /// <summary>Awards applied since boot.</summary>
        public long AppliedCount { get; private set; }

        /// <summary>Restores the last applied cmdseq from flash.</summary>
        public void Start()
        {
            if (_record.TryLoad(_recordBuffer) == RecordBytes)
            {
                _lastApplied = LittleEndian.ReadInt64(_recordBuffer, 0);
            }
        }

        /// <summary>Reads and checks the verified payload payload[offset..offset+length) for deviceId; None when it may be applied.</summary>
        public CommandRejection Check(byte[] payload, int offset, int length, string deviceId)
        {
            CommandRejection parsed = AwardCommandReader.TryRead(payload, offset, length, deviceId, _award);
            if (parsed != CommandRejection.None)
            {
                return parsed;
            }

            if (_award.CommandSequence <= _lastApplied || _award.CommandSequence <= _follower.AppliedCommandSequence)
            {
                return CommandRejection.Replayed;
            }

            if (!_clock.IsWallClockSynchronized)
            {
                return CommandRejection.ClockNotSynchronized;
            }

            return _clock.UnixTimeMilliseconds >= _award.ValidUntilUnixMilliseconds ? CommandRejection.Expired : CommandRejection.None;
        }

        /// <summary>Applies the award the last <see cref="Check"/> passed: persisted first, then followed.</summary>
        public void Apply()
        {
            _lastApplied = _award.CommandSequence;
            LittleEndian.WriteInt64(_recordBuffer, 0, _lastApplied);
            _record.Save(_recordBuffer, RecordBytes);
            _follower.Accept(_award, _clock.UnixTimeMilliseconds, _clock.IsWallClockSynchronized);
            AppliedCount++;
        }
    }
}
