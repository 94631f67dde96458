using EdgeController.Core.Storage;
using EdgeController.Hal;

namespace EdgeController.Core.Console
{
    /// <summary>
    /// The count of wrong PINs in a row, kept on flash so that cutting the power does not reset
    /// the unlock back-off (a guesser could otherwise get <see cref="CommandInterpreter.FreeAttempts"/>
    /// free tries per power cycle). A two-slot record "unlock" (unlock.a/unlock.b): a torn write
    /// leaves the previous count. Written only when an unlock fails, and when one succeeds after
    /// failures, never per tick: flash wears with every write.
    /// Payload: version (1 byte, 1), failed unlocks in a row (int32 LE).
    /// </summary>
    public sealed class UnlockAttemptStore
    {
        /// <summary>The record's name on the store.</summary>
        public const string RecordName = "unlock";

        private const byte FormatVersion = 1;
        private const int PayloadBytes = 5;

        private readonly TwoSlotRecordStore _record;
        private readonly byte[] _buffer = new byte[PayloadBytes];

        /// <summary>Creates the record over a non-volatile store.</summary>
        public UnlockAttemptStore(INonVolatileStore store)
        {
            _record = new TwoSlotRecordStore(store, RecordName, PayloadBytes);
        }

        /// <summary>
        /// The stored count, 0 on a device that never failed an unlock. A record that exists but
        /// cannot be read counts as <see cref="CommandInterpreter.FreeAttempts"/>: damage must not
        /// hand out free attempts, and one back-off step is all it costs a technician.
        /// </summary>
        public int Load()
        {
            int length;
            try
            {
                length = _record.TryLoad(_buffer);
            }
            catch (System.Exception)
            {
                return CommandInterpreter.FreeAttempts;
            }

            if (length == PayloadBytes && _buffer[0] == FormatVersion)
            {
                int failed = (int)LittleEndian.ReadUInt32(_buffer, 1);
                return failed < 0 ? CommandInterpreter.FreeAttempts : failed;
            }

            return length == -1 && _record.DamagedSlotsAtLoad == 0 ? 0 : CommandInterpreter.FreeAttempts;
        }

        /// <summary>Stores the count (call <see cref="Load"/> once first).</summary>
        public void Save(int failedUnlocks)
        {
            _buffer[0] = FormatVersion;
            LittleEndian.WriteUInt32(_buffer, 1, (uint)failedUnlocks);
            _record.Save(_buffer, PayloadBytes);
        }
    }
}
