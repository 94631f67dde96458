using EdgeController.Core.Storage;
using EdgeController.Core.Tariffs;
using EdgeController.Hal;

namespace EdgeController.Core.Commands
{
    /// <summary>
    /// The last applied tariff v2 (a schedule of slots) on flash, in a record of its own beside the
    /// command processor's ("cmd", which keeps the v1 table and every kind's cmdseq): a reboot
    /// restores the schedule, and its cmdseq still bars a replay. Prices are stored as int32
    /// (the reader takes at most 8 digits), so the record is at most 1,172 bytes.
    /// Layout (little-endian): version 1, cmdseq (int64), from (int64, Unix ms), step minutes
    /// (1 byte), slot count (1 byte, 1..144), export flag (1 byte), count import prices (int32),
    /// then count export prices (int32) when the flag is 1.
    /// </summary>
    public sealed class TariffScheduleRecord
    {
        /// <summary>The record's name on flash (two slots: "trf2.a", "trf2.b").</summary>
        public const string RecordName = "trf2";

        /// <summary>The largest record, bytes.</summary>
        public const int MaximumBytes = HeaderBytes + (2 * TariffSchedule.MaximumSlots * 4);

        private const byte Version = 1;
        private const int HeaderBytes = 1 + 8 + 8 + 3;

        private readonly TwoSlotRecordStore _record;
        private readonly byte[] _buffer = new byte[MaximumBytes];

        /// <summary>The record on store.</summary>
        public TariffScheduleRecord(INonVolatileStore store)
        {
            _record = new TwoSlotRecordStore(store, RecordName, MaximumBytes);
        }

        /// <summary>Writes a version-2 command (import and, when sent, export prices).</summary>
        public void Save(TariffCommand command)
        {
            int count = command.SlotCount;
            _buffer[0] = Version;
            LittleEndian.WriteInt64(_buffer, 1, command.CommandSequence);
            LittleEndian.WriteInt64(_buffer, 9, command.ValidFromUnixMilliseconds);
            _buffer[17] = (byte)command.StepMinutes;
            _buffer[18] = (byte)count;
            _buffer[19] = command.HasExport ? (byte)1 : (byte)0;
            int position = HeaderBytes;
            for (int k = 0; k < count; k++)
            {
                LittleEndian.WriteUInt32(_buffer, position, unchecked((uint)(int)command.ImportMicrocurrencyPerKilowattHour[k]));
                position += 4;
            }

            for (int k = 0; command.HasExport && k < count; k++)
            {
                LittleEndian.WriteUInt32(_buffer, position, unchecked((uint)(int)command.ExportMicrocurrencyPerKilowattHour[k]));
                position += 4;
            }

            _record.Save(_buffer, position);
        }

        /// <summary>Reads the record into command as a version-2 command; false when there is none (or it is not whole).</summary>
        public bool TryLoad(TariffCommand command)
        {
            int length = _record.TryLoad(_buffer);
            if (length < HeaderBytes || _buffer[0] != Version)
            {
                return false;
            }

            int step = _buffer[17];
            int count = _buffer[18];
            bool hasExport = _buffer[19] == 1;
            if ((step != 15 && step != 60) || count < 1 || count > TariffSchedule.MaximumSlots
                || length != HeaderBytes + ((hasExport ? 2 : 1) * count * 4))
            {
                return false;
            }

            command.Version = 2;
            command.CommandSequence = LittleEndian.ReadInt64(_buffer, 1);
            command.ValidFromUnixMilliseconds = LittleEndian.ReadInt64(_buffer, 9);
            command.StepMinutes = step;
            command.SlotCount = count;
            command.HasExport = hasExport;
            command.ValidUntilUnixMilliseconds = command.ValidFromUnixMilliseconds + (count * step * 60000L);
            int position = HeaderBytes;
            for (int k = 0; k < count; k++)
            {
                command.ImportMicrocurrencyPerKilowattHour[k] = unchecked((int)LittleEndian.ReadUInt32(_buffer, position));
                position += 4;
            }

            for (int k = 0; hasExport && k < count; k++)
            {
                command.ExportMicrocurrencyPerKilowattHour[k] = unchecked((int)LittleEndian.ReadUInt32(_buffer, position));
                position += 4;
            }

            return true;
        }
    }
}
