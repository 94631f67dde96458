using EdgeController.Core.Storage;
using EdgeController.Hal;

namespace EdgeController.Core.Settings
{
    /// <summary>
    /// Loads and saves <see cref="DeviceSettings"/> through a <see cref="TwoSlotRecordStore"/>
    /// ("settings.a"/"settings.b"): a power cut at any byte of a save leaves the old or the new
    /// settings. Loading never throws and never leaves the device without settings: when no valid
    /// record exists it returns the factory defaults and says so.
    /// </summary>
    public sealed class SettingsStore
    {
        /// <summary>The record's name on the store.</summary>
        public const string RecordName = "settings";

        private readonly TwoSlotRecordStore _record;
        private readonly byte[] _buffer = new byte[SettingsCodec.MaxSerializedBytes];

        /// <summary>Creates the store over a non-volatile store.</summary>
        public SettingsStore(INonVolatileStore store)
        {
            Store = store;
            _record = new TwoSlotRecordStore(store, RecordName, SettingsCodec.MaxSerializedBytes);
        }

        /// <summary>The non-volatile store the settings live on (the console keeps its unlock record beside them).</summary>
        public INonVolatileStore Store { get; private set; }

        /// <summary>True when the last <see cref="Load"/> found a valid record.</summary>
        public bool LoadedFromStore { get; private set; }

        /// <summary>True when the last <see cref="Load"/> found damage and fell back to defaults (a fault, never silent).</summary>
        public bool SettingsWereLost { get; private set; }

        /// <summary>Loads the newest valid settings, or the factory defaults.</summary>
        public DeviceSettings Load()
        {
            DeviceSettings settings = new DeviceSettings();
            int length;
            try
            {
                length = _record.TryLoad(_buffer);
            }
            catch (System.Exception)
            {
                // A flash read error must not keep the device from booting: defaults, flagged.
                length = -2;
            }

            LoadedFromStore = length >= 0 && SettingsCodec.TryDeserialize(_buffer, length, settings);
            if (!LoadedFromStore)
            {
                settings = new DeviceSettings();
            }

            SettingsWereLost = !LoadedFromStore && (length != -1 || _record.DamagedSlotsAtLoad > 0);
            return settings;
        }

        /// <summary>Saves settings as the newest record. Call <see cref="Load"/> once first.</summary>
        public void Save(DeviceSettings settings)
        {
            string invalid = SettingCatalog.FindInvalid(settings);
            if (invalid != null)
            {
                throw new System.ArgumentException("setting " + invalid + " is out of range");
            }

            int length = SettingsCodec.Serialize(settings, _buffer);
            _record.Save(_buffer, length);
        }
    }
}
