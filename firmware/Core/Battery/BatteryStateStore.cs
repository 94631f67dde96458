using EdgeController.Core.Storage;
using EdgeController.Hal;

namespace EdgeController.Core.Battery
{
    /// <summary>
    /// Keeps the state of charge and health across a reboot in a torn-write-safe record. The
    /// record carries the pack's rated capacity and cell count: an estimate made for another
    /// pack (the board config changed) is not restored. Saving is paced by the caller
    /// (<see cref="ShouldSave"/>): flash wears, and a reboot costs at most the pacing step.
    /// </summary>
    public sealed class BatteryStateStore
    {
        /// <summary>The record's name on the store.</summary>
        public const string RecordName = "battery";

        /// <summary>A change of state of charge this large is saved at once, per mille.</summary>
        public const int SaveStepPerMille = 10;

        /// <summary>A smaller change is saved after this long, ms (15 minutes).</summary>
        public const int SaveIntervalMilliseconds = 15 * 60 * 1000;

        private const int PayloadBytes = 16;
        private readonly TwoSlotRecordStore _record;
        private readonly byte[] _buffer = new byte[PayloadBytes];
        private readonly int _capacityMilliampHours;
        private readonly int _cellsInSeries;
        private int _savedSocPerMille = -1;
        private int _savedSohPerMille = -1;
        private long _savedAtUptimeMilliseconds;

        /// <summary>Creates the store for the pack of parameters.</summary>
        public BatteryStateStore(INonVolatileStore store, BatteryParameters parameters)
        {
            _record = new TwoSlotRecordStore(store, RecordName, PayloadBytes);
            _capacityMilliampHours = parameters.CapacityMilliampHours;
            _cellsInSeries = parameters.CellsInSeries;
        }

        /// <summary>Records saved since boot.</summary>
        public int Saves { get; private set; }

        /// <summary>
        /// Loads the saved estimate of this pack; false when there is none (first boot, damaged
        /// copies, or a different pack), and the caller starts from the open-circuit voltage.
        /// </summary>
        public bool TryLoad(out int socPerMille, out int sohPerMille)
        {
            socPerMille = 0;
            sohPerMille = 0;
            int length = _record.TryLoad(_buffer);
            if (length != PayloadBytes
                || LittleEndian.ReadUInt32(_buffer, 8) != (uint)_capacityMilliampHours
                || LittleEndian.ReadUInt32(_buffer, 12) != (uint)_cellsInSeries)
            {
                return false;
            }

            int soc = (int)LittleEndian.ReadUInt32(_buffer, 0);
            int soh = (int)LittleEndian.ReadUInt32(_buffer, 4);
            if (soc < 0 || soc > 1000 || soh <= 0 || soh > SocEstimator.MaximumSohPerMille)
            {
                return false;
            }

            socPerMille = soc;
            sohPerMille = soh;
            _savedSocPerMille = soc;
            _savedSohPerMille = soh;
            return true;
        }

        /// <summary>True when the estimate moved enough (or long enough ago) to be worth a flash write.</summary>
        public bool ShouldSave(int socPerMille, int sohPerMille, long uptimeMilliseconds)
        {
            if (sohPerMille != _savedSohPerMille || _savedSocPerMille < 0)
            {
                return true;
            }

            int change = socPerMille - _savedSocPerMille;
            if (change < 0)
            {
                change = -change;
            }

            return change >= SaveStepPerMille
                || (change > 0 && uptimeMilliseconds - _savedAtUptimeMilliseconds >= SaveIntervalMilliseconds);
        }

        /// <summary>Saves the estimate as the newest record.</summary>
        public void Save(int socPerMille, int sohPerMille, long uptimeMilliseconds)
        {
            LittleEndian.WriteUInt32(_buffer, 0, (uint)socPerMille);
            LittleEndian.WriteUInt32(_buffer, 4, (uint)sohPerMille);
            LittleEndian.WriteUInt32(_buffer, 8, (uint)_capacityMilliampHours);
            LittleEndian.WriteUInt32(_buffer, 12, (uint)_cellsInSeries);
            _record.Save(_buffer, PayloadBytes);
            _savedSocPerMille = socPerMille;
            _savedSohPerMille = sohPerMille;
            _savedAtUptimeMilliseconds = uptimeMilliseconds;
            Saves++;
        }
    }
}
