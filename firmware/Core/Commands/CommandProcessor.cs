using EdgeController.Core.Market;
using EdgeController.Core.Signing;
using EdgeController.Core.Storage;
using EdgeController.Core.Tariffs;
using EdgeController.Core.Telemetry;
using EdgeController.Hal;

namespace EdgeController.Core.Commands
{
    /// <summary>
    /// Takes the gateway's commands from the device's topics .../cmd/&lt;kind&gt; (subscribed as
    /// .../cmd/#) and applies only what is signed, new and, for a tariff, fresh: the envelope must
    /// verify (constant-time) under this device's command key (kid "cmd") before the payload is
    /// even parsed; the payload's "cmd" must be the kind its topic names; its cmdseq must be above
    /// the last applied one of that kind (each kind counts its own, all persisted, so a reboot
    /// does not reopen old commands to replay). A tariff also needs a synchronised clock and an
    /// unended window; it is persisted first, then handed to the <see cref="TariffSchedule"/>
    /// dispatch reads, and restored at the next boot. An ack or a resend carries no window: it
    /// goes to the <see cref="ILedgerAcknowledgement"/> (the durable outbox), so a device with an
    /// unsynchronised clock still frees its flash.
    /// </summary>
    public sealed partial class CommandProcessor
    {
        /// <summary>The record (two slots) of the last applied command of each kind.</summary>
        public const string RecordName = "cmd";

        /// <summary>
        /// The longest command message taken from the inbox: a tariff v2 payload of at most
        /// 3,072 bytes plus the envelope (EC1|, the signature block with a key id of up to 32
        /// characters: 134 bytes), rounded up.
        /// </summary>
        public const int MaxMessageBytes = TariffCommand.MaximumVersion2PayloadBytes + EnvelopeBytes;

        /// <summary>Room for the envelope around a command's payload, bytes.</summary>
        public const int EnvelopeBytes = 256;

        /// <summary>The highest payload version a command may carry (tariff v2).</summary>
        private const int HighestPayloadVersion = 2;

        /// <summary>Version 1: one cmdseq (the tariff's) and the tariff. Read, never written.</summary>
        private const byte RecordVersionTariffOnly = 1;

        /// <summary>Version 2 (written now): version 1, then the last ack and resend cmdseq.</summary>
        private const byte RecordVersion = 2;

        private const int TariffRecordBytes = 1 + (3 * 8) + (TariffSchedule.HoursPerDay * 8);
        private const int RecordBytes = TariffRecordBytes + (2 * 8);
        private const int ReasonCount = 11;
        private const string CommandKeyMarker = ",\"cmd\":\"";

        private readonly DeviceIdentity _identity;
        private readonly IMessageSigner _commandKey;
        private readonly IClock _clock;
        private readonly TwoSlotRecordStore _record;
        private readonly TariffScheduleRecord _scheduleRecord;
        private readonly TariffSchedule _schedule;
        private readonly TopicNames _topics;
        private readonly ILedgerAcknowledgement _ledger;
        private readonly EnvelopeParts _parts = new EnvelopeParts();
        private readonly TariffCommand _command = new TariffCommand();
        private readonly TariffCommand _appliedTariff = new TariffCommand();
        private readonly LedgerCommand _ledgerCommand = new LedgerCommand();
        private readonly byte[] _mac = new byte[SignedEnvelope.MacBytes];
        private readonly byte[] _recordBuffer = new byte[RecordBytes];
        private readonly byte[] _message = new byte[MaxMessageBytes];
        private readonly long[] _rejectedByReason = new long[ReasonCount];
        private readonly long[] _lastAppliedByKind = new long[CommandKinds.Count];
        private string _checkedKind;

        /// <summary>A processor that takes tariffs only (ack and resend are refused as unsupported).</summary>
        public CommandProcessor(DeviceIdentity identity, IMessageSigner commandKey, IClock clock, INonVolatileStore store, TariffSchedule schedule, TopicNames topics)
            : this(identity, commandKey, clock, store, schedule, topics, null)
        {
        }

        /// <summary>
        /// A processor for one device; commandKey is the device's command key (kid "cmd", from
        /// its settings), ledger takes verified ack and resend commands (null: refused).
        /// </summary>
        public CommandProcessor(DeviceIdentity identity, IMessageSigner commandKey, IClock clock, INonVolatileStore store, TariffSchedule schedule,
            TopicNames topics, ILedgerAcknowledgement ledger)
        {
            _identity = identity;
            _commandKey = commandKey;
            _clock = clock;
            _record = new TwoSlotRecordStore(store, RecordName, RecordBytes);
            _scheduleRecord = new TariffScheduleRecord(store);
            _schedule = schedule;
            _topics = topics;
            _ledger = ledger;
        }

        /// <summary>The cmdseq of the last tariff applied, ever (0 before the first).</summary>
        public long LastAppliedSequence
        {
            get { return _lastAppliedByKind[0]; }
        }

        /// <summary>Takes market awards (.../cmd/award), or null: refused as unsupported (the device does not trade).</summary>
        public AwardCommandHandler Awards { get; set; }

        /// <summary>Commands applied since boot.</summary>
        public long AcceptedCount { get; private set; }

        /// <summary>Why the last refused command was refused.</summary>
        public CommandRejection LastRejection { get; private set; }

        /// <summary>The cmdseq of the last command of kind applied, ever (0 before the first, or for a kind not taken).</summary>
        public long LastAppliedSequenceOf(string kind)
        {
            if (kind == CommandKinds.Award)
            {
                return Awards == null ? 0 : Awards.LastAppliedSequence;
            }

            int index = CommandKinds.IndexOf(kind);
            return index < 0 ? 0 : _lastAppliedByKind[index];
        }

        /// <summary>Commands refused for reason since boot.</summary>
        public long RejectedCount(CommandRejection reason)
        {
            int index = (int)reason;
            return index >= 0 && index < ReasonCount ? _rejectedByReason[index] : 0;
        }

        /// <summary>Subscribes the inbox to every command topic of the device (.../cmd/#).</summary>
        public void Subscribe(IMqttInbox inbox)
        {
            inbox.Subscribe(_topics.CommandFilter);
        }

        /// <summary>Restores the last applied cmdseq of each kind and the tariff (v1 table or v2 schedule, the newer) from flash.</summary>
        public void Start()
        {
            RestoreRecord();
            RestoreSchedule();
        }

        private void RestoreRecord()
        {
            int length = _record.TryLoad(_recordBuffer);
            bool tariffOnly = length == TariffRecordBytes && _recordBuffer[0] == RecordVersionTariffOnly;
            if (!tariffOnly && (length != RecordBytes || _recordBuffer[0] != RecordVersion))
            {
                return;
            }

            _appliedTariff.CommandSequence = LittleEndian.ReadInt64(_recordBuffer, 1);
            _appliedTariff.ValidFromUnixMilliseconds = LittleEndian.ReadInt64(_recordBuffer, 9);
            _appliedTariff.ValidUntilUnixMilliseconds = LittleEndian.ReadInt64(_recordBuffer, 17);
            for (int hour = 0; hour < TariffSchedule.HoursPerDay; hour++)
            {
                _appliedTariff.PricesMicrocurrencyPerKilowattHour[hour] = LittleEndian.ReadInt64(_recordBuffer, 25 + (8 * hour));
            }

            _lastAppliedByKind[0] = _appliedTariff.CommandSequence;
            _lastAppliedByKind[1] = tariffOnly ? 0 : LittleEndian.ReadInt64(_recordBuffer, TariffRecordBytes);
            _lastAppliedByKind[2] = tariffOnly ? 0 : LittleEndian.ReadInt64(_recordBuffer, TariffRecordBytes + 8);
            if (_appliedTariff.CommandSequence > 0)
            {
                _schedule.Set(_appliedTariff.CommandSequence, _appliedTariff.ValidFromUnixMilliseconds, _appliedTariff.ValidUntilUnixMilliseconds,
                    _appliedTariff.PricesMicrocurrencyPerKilowattHour);
            }
        }

        /// <summary>Takes up to maxMessages from the inbox and processes those on a cmd topic; returns how many were applied.</summary>
        public int PollInbox(IMqttInbox inbox, int maxMessages)
        {
            int applied = 0;
            string prefix = _topics.CommandPrefix;
            for (int i = 0; i < maxMessages; i++)
            {
                string topic;
                int length = inbox.TryReceive(_message, out topic);
                if (length < 0)
                {
                    break;
                }

                if (topic != null && topic.Length > prefix.Length && topic.StartsWith(prefix)
                    && Process(topic.Substring(prefix.Length), _message, length) == CommandRejection.None)
                {
                    applied++;
                }
            }

            return applied;
        }

        /// <summary>Verifies and applies one message of whatever kind its payload names; returns why it was refused, or None.</summary>
        public CommandRejection Process(byte[] message, int length)
        {
            return Process(null, message, length);
        }

        /// <summary>
        /// Verifies and applies one message that arrived on .../cmd/&lt;topicKind&gt; (null: take the
        /// payload's kind); returns why it was refused, or None.
        /// </summary>
        public CommandRejection Process(string topicKind, byte[] message, int length)
        {
            CommandRejection outcome = Check(topicKind, message, length);
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

        private CommandRejection Check(string topicKind, byte[] message, int length)
        {
            if (SignedEnvelopeReader.TryParse(message, length, _parts, HighestPayloadVersion) != EnvelopeError.None)
            {
                return CommandRejection.NotSigned;
            }

            if (_parts.DeviceId != _identity.DeviceId)
            {
                return CommandRejection.WrongDevice;
            }

            if (_parts.KeyId != _commandKey.KeyId)
            {
                return CommandRejection.UnknownKey;
            }

            _commandKey.ComputeMac(message, _parts.PayloadOffset, _parts.PayloadLength, _mac);
            if (!ConstantTime.AreEqual(_mac, 0, _parts.Mac, 0, SignedEnvelope.MacBytes))
            {
                return CommandRejection.BadSignature;
            }

            string kind = KindOf(message, _parts.PayloadOffset, _parts.PayloadLength);
            if (kind == null)
            {
                return CommandRejection.UnsupportedCommand;
            }

            if (topicKind != null && topicKind != kind)
            {
                return CommandRejection.TopicMismatch;
            }

            _checkedKind = kind;
            if (kind == CommandKinds.Award)
            {
                return Awards == null ? CommandRejection.UnsupportedCommand : Awards.Check(message, _parts.PayloadOffset, _parts.PayloadLength, _identity.DeviceId);
            }

            return kind == CommandKinds.Tariff ? CheckTariff(message) : CheckLedgerCommand(message);
        }

        private CommandRejection CheckTariff(byte[] message)
        {
            CommandRejection parsed = TariffCommandReader.TryReadAnyVersion(message, _parts.PayloadOffset, _parts.PayloadLength, _identity.DeviceId, _command);
            if (parsed != CommandRejection.None)
            {
                return parsed;
            }

            if (_command.CommandSequence <= _lastAppliedByKind[0])
            {
                return CommandRejection.Replayed;
            }

            if (!_clock.IsWallClockSynchronized)
            {
                return CommandRejection.ClockNotSynchronized;
            }

            return _clock.UnixTimeMilliseconds >= _command.ValidUntilUnixMilliseconds ? CommandRejection.Expired : CommandRejection.None;
        }

        private CommandRejection CheckLedgerCommand(byte[] message)
        {
            if (_ledger == null)
            {
                return CommandRejection.UnsupportedCommand;
            }

            CommandRejection parsed = LedgerCommandReader.TryRead(message, _parts.PayloadOffset, _parts.PayloadLength, _identity.DeviceId, _ledgerCommand);
            if (parsed != CommandRejection.None)
            {
                return parsed;
            }

            return _ledgerCommand.CommandSequence <= _lastAppliedByKind[CommandKinds.IndexOf(_ledgerCommand.Kind)]
                ? CommandRejection.Replayed
                : CommandRejection.None;
        }

        /// <summary>The payload's "cmd" when it is a kind this firmware takes, else null. Ids and numbers hold no quote, so the first ,"cmd":" is the key.</summary>
        private static string KindOf(byte[] payload, int offset, int length)
        {
            int end = offset + length;
            for (int start = offset; start + CommandKeyMarker.Length < end; start++)
            {
                int position = start;
                if (!CommandSyntax.Expect(payload, ref position, end, CommandKeyMarker))
                {
                    continue;
                }

                if (CommandSyntax.Expect(payload, ref position, end, CommandKinds.Tariff + "\""))
                {
                    return CommandKinds.Tariff;
                }

                if (CommandSyntax.Expect(payload, ref position, end, CommandKinds.Ack + "\""))
                {
                    return CommandKinds.Ack;
                }

                if (CommandSyntax.Expect(payload, ref position, end, CommandKinds.Award + "\""))
                {
                    return CommandKinds.Award;
                }

                return CommandSyntax.Expect(payload, ref position, end, CommandKinds.Resend + "\"") ? CommandKinds.Resend : null;
            }

            return null;
        }

        private void Apply()
        {
            if (_checkedKind == CommandKinds.Award)
            {
                Awards.Apply();
                return;
            }

            // Persist first: once a cmdseq is applied, no reboot may let it (or an older one) apply again.
            if (_checkedKind == CommandKinds.Tariff && _command.Version == 2)
            {
                ApplySchedule();
                return;
            }

            if (_checkedKind == CommandKinds.Tariff)
            {
                _appliedTariff.CopyFrom(_command);
                _lastAppliedByKind[0] = _command.CommandSequence;
                Save();
                _schedule.Set(_command.CommandSequence, _command.ValidFromUnixMilliseconds, _command.ValidUntilUnixMilliseconds, _command.PricesMicrocurrencyPerKilowattHour);
                return;
            }

            _lastAppliedByKind[CommandKinds.IndexOf(_ledgerCommand.Kind)] = _ledgerCommand.CommandSequence;
            Save();
            if (_ledgerCommand.Kind == CommandKinds.Ack)
            {
                _ledger.Acknowledge(_ledgerCommand.HighWaterMark);
                return;
            }

            for (int i = 0; i < _ledgerCommand.RangeCount; i++)
            {
                _ledger.RequestResend(_ledgerCommand.RangeFirst[i], _ledgerCommand.RangeLast[i]);
            }
        }

        private void Save()
        {
            _recordBuffer[0] = RecordVersion;
            LittleEndian.WriteInt64(_recordBuffer, 1, _appliedTariff.CommandSequence);
            LittleEndian.WriteInt64(_recordBuffer, 9, _appliedTariff.ValidFromUnixMilliseconds);
            LittleEndian.WriteInt64(_recordBuffer, 17, _appliedTariff.ValidUntilUnixMilliseconds);
            for (int hour = 0; hour < TariffSchedule.HoursPerDay; hour++)
            {
                LittleEndian.WriteInt64(_recordBuffer, 25 + (8 * hour), _appliedTariff.PricesMicrocurrencyPerKilowattHour[hour]);
            }

            LittleEndian.WriteInt64(_recordBuffer, TariffRecordBytes, _lastAppliedByKind[1]);
            LittleEndian.WriteInt64(_recordBuffer, TariffRecordBytes + 8, _lastAppliedByKind[2]);
            _record.Save(_recordBuffer, RecordBytes);
        }
    }
}
