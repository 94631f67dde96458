using EdgeController.Core.Signing;
using EdgeController.Core.Storage;
using EdgeController.Core.Tariffs;
using EdgeController.Hal;

namespace EdgeController.Core.Commands
{
    /// <summary>
    /// Takes the gateway's commands from the device's cmd topic and applies only what is signed,
    /// fresh and new: the envelope must verify (constant-time) under this device's gateway key id,
    /// before the payload is even parsed; its cmdseq must be above the last applied one (persisted,
    /// so a reboot does not reopen old commands to replay); its window must not have ended by the
    /// device's synchronized clock. An accepted tariff is persisted first, then handed to the
    /// <see cref="TariffSchedule"/> dispatch reads, and restored from flash at the next boot.
    /// </summary>
    public sealed class CommandProcessor
    {
        /// <summary>The record (two slots) of the last applied command.</summary>
        public const string RecordName = "cmd";

        /// <summary>The longest command message taken from the inbox.</summary>
        public const int MaxMessageBytes = 1024;

        private const byte RecordVersion = 1;
        private const int RecordBytes = 1 + (3 * 8) + (TariffSchedule.HoursPerDay * 8);
        private const int ReasonCount = 10;

        private readonly DeviceIdentity _identity;
        private readonly IMessageSigner _gatewayKey;
        private readonly IClock _clock;
        private readonly TwoSlotRecordStore _record;
        private readonly TariffSchedule _schedule;
        private readonly string _commandTopic;
        private readonly EnvelopeParts _parts = new EnvelopeParts();
        private readonly TariffCommand _command = new TariffCommand();
        private readonly byte[] _mac = new byte[SignedEnvelope.MacBytes];
        private readonly byte[] _recordBuffer = new byte[RecordBytes];
        private readonly byte[] _message = new byte[MaxMessageBytes];
        private readonly long[] _rejectedByReason = new long[ReasonCount];
        private long _lastAppliedSequence;

        /// <summary>A processor for one device; gatewayKey is the key the gateway signs this device's commands with.</summary>
        public CommandProcessor(DeviceIdentity identity, IMessageSigner gatewayKey, IClock clock, INonVolatileStore store, TariffSchedule schedule, string commandTopic)
        {
            _identity = identity;
            _gatewayKey = gatewayKey;
            _clock = clock;
            _record = new TwoSlotRecordStore(store, RecordName, RecordBytes);
            _schedule = schedule;
            _commandTopic = commandTopic;
        }

        /// <summary>The cmdseq of the last command applied, ever (0 before the first).</summary>
        public long LastAppliedSequence
        {
            get { return _lastAppliedSequence; }
        }

        /// <summary>Commands applied since boot.</summary>
        public long AcceptedCount { get; private set; }

        /// <summary>Why the last refused command was refused.</summary>
        public CommandRejection LastRejection { get; private set; }

        /// <summary>Commands refused for reason since boot.</summary>
        public long RejectedCount(CommandRejection reason)
        {
            int index = (int)reason;
            return index >= 0 && index < ReasonCount ? _rejectedByReason[index] : 0;
        }

        /// <summary>Restores the last applied command (its cmdseq and its tariff) from flash.</summary>
        public void Start()
        {
            int length = _record.TryLoad(_recordBuffer);
            if (length != RecordBytes || _recordBuffer[0] != RecordVersion)
            {
                return;
            }

            _lastAppliedSequence = LittleEndian.ReadInt64(_recordBuffer, 1);
            long from = LittleEndian.ReadInt64(_recordBuffer, 9);
            long until = LittleEndian.ReadInt64(_recordBuffer, 17);
            for (int hour = 0; hour < TariffSchedule.HoursPerDay; hour++)
            {
                _command.PricesMicrocurrencyPerKilowattHour[hour] = LittleEndian.ReadInt64(_recordBuffer, 25 + (8 * hour));
            }

            _schedule.Set(_lastAppliedSequence, from, until, _command.PricesMicrocurrencyPerKilowattHour);
        }

        /// <summary>Takes up to maxMessages from the inbox and processes those on the cmd topic; returns how many were applied.</summary>
        public int PollInbox(IMqttInbox inbox, int maxMessages)
        {
            int applied = 0;
            for (int i = 0; i < maxMessages; i++)
            {
                string topic;
                int length = inbox.TryReceive(_message, out topic);
                if (length < 0)
                {
                    break;
                }

                if (topic == _commandTopic && Process(_message, length) == CommandRejection.None)
                {
                    applied++;
                }
            }

            return applied;
        }

        /// <summary>Verifies and applies one message; returns why it was refused, or None.</summary>
        public CommandRejection Process(byte[] message, int length)
        {
            CommandRejection outcome = Check(message, length);
            if (outcome == CommandRejection.None)
            {
                Apply();
                AcceptedCount++;
            }
            else
            {
                _rejectedByReason[(int)outcome]++;
                LastRejection = outcome;
            }

            return outcome;
        }

        private CommandRejection Check(byte[] message, int length)
        {
            if (SignedEnvelopeReader.TryParse(message, length, _parts) != EnvelopeError.None)
            {
                return CommandRejection.NotSigned;
            }

            if (_parts.DeviceId != _identity.DeviceId)
            {
                return CommandRejection.WrongDevice;
            }

            if (_parts.KeyId != _gatewayKey.KeyId)
            {
                return CommandRejection.UnknownKey;
            }

            _gatewayKey.ComputeMac(message, _parts.PayloadOffset, _parts.PayloadLength, _mac);
            if (!ConstantTime.AreEqual(_mac, 0, _parts.Mac, 0, SignedEnvelope.MacBytes))
            {
                return CommandRejection.BadSignature;
            }

            CommandRejection parsed = TariffCommandReader.TryRead(message, _parts.PayloadOffset, _parts.PayloadLength, _identity.DeviceId, _command);
            if (parsed != CommandRejection.None)
            {
                return parsed;
            }

            if (_command.CommandSequence <= _lastAppliedSequence)
            {
                return CommandRejection.Replayed;
            }

            if (!_clock.IsWallClockSynchronized)
            {
                return CommandRejection.ClockNotSynchronized;
            }

            return _clock.UnixTimeMilliseconds >= _command.ValidUntilUnixMilliseconds ? CommandRejection.Expired : CommandRejection.None;
        }

        private void Apply()
        {
            // Persist first: once a cmdseq is applied, no reboot may let it (or an older one) apply again.
            _recordBuffer[0] = RecordVersion;
            LittleEndian.WriteInt64(_recordBuffer, 1, _command.CommandSequence);
            LittleEndian.WriteInt64(_recordBuffer, 9, _command.ValidFromUnixMilliseconds);
            LittleEndian.WriteInt64(_recordBuffer, 17, _command.ValidUntilUnixMilliseconds);
            for (int hour = 0; hour < TariffSchedule.HoursPerDay; hour++)
            {
                LittleEndian.WriteInt64(_recordBuffer, 25 + (8 * hour), _command.PricesMicrocurrencyPerKilowattHour[hour]);
            }

            _record.Save(_recordBuffer, RecordBytes);
            _lastAppliedSequence = _command.CommandSequence;
            _schedule.Set(_command.CommandSequence, _command.ValidFromUnixMilliseconds, _command.ValidUntilUnixMilliseconds, _command.PricesMicrocurrencyPerKilowattHour);
        }
    }
}
