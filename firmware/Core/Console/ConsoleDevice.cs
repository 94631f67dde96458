using EdgeController.Core.Composition;
using EdgeController.Core.Control;
using EdgeController.Core.FixedPoint;
using EdgeController.Core.Metering;
using EdgeController.Core.Settings;
using EdgeController.Core.Telemetry;
using EdgeController.Hal;

namespace EdgeController.Core.Console
{
    /// <summary>
    /// What the console sees of the device and may change, in one place: the controller (readings,
    /// faults, mode), the settings (the saved ones and the working copy that config set and
    /// calibrate edit until config save), the signer, the events, the link and the hooks. The
    /// wiring code (the ESP32 Program, the simulator) builds it after the controller started.
    /// </summary>
    public sealed class ConsoleDevice
    {
        /// <summary>The firmware version `version` reports.</summary>
        public const string FirmwareVersion = "0.1.0";

        private const long PartsPerMillion = 1000000;

        private readonly CalibratedPowerSensor[] _sensors;
        private readonly ScaledVoltageInput _battery;
        private readonly int _nominalDividerPartsPerMillion;

        /// <summary>Builds the surface. sensors are the channels' calibrated sensors in board order.</summary>
        public ConsoleDevice(
            Controller controller,
            DeviceEvents events,
            SettingsStore settingsStore,
            DeviceSettings settings,
            IKeyedMessageSigner signer,
            IClock clock,
            IRebootHook rebootHook,
            CalibratedPowerSensor[] sensors,
            ScaledVoltageInput battery,
            int nominalDividerPartsPerMillion,
            TelemetryOutbox outbox,
            TelemetryPublisher publisher,
            IMqttLink link)
        {
            Controller = controller;
            Events = events;
            SettingsStore = settingsStore;
            Active = settings;
            Working = settings.Clone();
            Signer = signer;
            Clock = clock;
            RebootHook = rebootHook;
            _sensors = sensors;
            _battery = battery;
            _nominalDividerPartsPerMillion = nominalDividerPartsPerMillion;
            Outbox = outbox;
            Publisher = publisher;
            Link = link;
            Log = new ConsoleLog();
            UnlockAttempts = new UnlockAttemptStore(settingsStore.Store);
        }

        /// <summary>The controller.</summary>
        public Controller Controller { get; private set; }

        /// <summary>Signed events.</summary>
        public DeviceEvents Events { get; private set; }

        /// <summary>Where settings persist.</summary>
        public SettingsStore SettingsStore { get; private set; }

        /// <summary>The settings as saved.</summary>
        public DeviceSettings Active { get; private set; }

        /// <summary>The copy config set and calibrate edit; config save makes it the saved one.</summary>
        public DeviceSettings Working { get; private set; }

        /// <summary>True while Working differs from what is saved.</summary>
        public bool HasUnsavedChanges { get; set; }

        /// <summary>The signer (its key can be replaced).</summary>
        public IKeyedMessageSigner Signer { get; private set; }

        /// <summary>The clock.</summary>
        public IClock Clock { get; private set; }

        /// <summary>Asks for a reboot.</summary>
        public IRebootHook RebootHook { get; private set; }

        /// <summary>The outbox.</summary>
        public TelemetryOutbox Outbox { get; private set; }

        /// <summary>The outbox's publisher.</summary>
        public TelemetryPublisher Publisher { get; private set; }

        /// <summary>The MQTT link.</summary>
        public IMqttLink Link { get; private set; }

        /// <summary>The control tick's accounting (ticks, overruns, failures), or null before the root attached it.</summary>
        public ControlTicker Loop { get; set; }

        /// <summary>The console's log: RAM only, it starts empty at every boot (flash is kept for what must survive).</summary>
        public ConsoleLog Log { get; private set; }

        /// <summary>Wrong PINs in a row, on the settings' store: the unlock back-off survives a power cycle.</summary>
        public UnlockAttemptStore UnlockAttempts { get; private set; }

        /// <summary>Channels the board has (calibration slots in use).</summary>
        public int ChannelCount
        {
            get { return _sensors.Length; }
        }

        /// <summary>The calibrated sensor of a channel.</summary>
        public CalibratedPowerSensor Sensor(int channel)
        {
            return _sensors[channel];
        }

        /// <summary>The battery voltage input.</summary>
        public ScaledVoltageInput Battery
        {
            get { return _battery; }
        }

        /// <summary>The board's divider ratio, ppm.</summary>
        public int NominalDividerPartsPerMillion
        {
            get { return _nominalDividerPartsPerMillion; }
        }

        /// <summary>The fault mask as the console shows it: the controller's, plus not-provisioned.</summary>
        public int FaultFlagsNow
        {
            get { return Controller.FaultFlagsNow | (Signer.HasKey ? 0 : FaultFlags.NotProvisioned); }
        }

        /// <summary>Adds a log entry stamped with uptime.</summary>
        public void Note(string text)
        {
            Log.Add(Clock.UptimeMilliseconds, text);
        }

        /// <summary>Puts a settings object's calibration into the sensors and the battery input.</summary>
        public static void ApplyCalibration(
            DeviceSettings settings, CalibratedPowerSensor[] sensors, ScaledVoltageInput battery, int nominalDividerPartsPerMillion)
        {
            for (int i = 0; i < sensors.Length && i < DeviceSettings.MaxChannels; i++)
            {
                sensors[i].Calibrate(settings.ShuntMicroohms[i], settings.CurrentGainPartsPerMillion[i]);
            }

            int dividerPartsPerMillion = settings.BatteryDividerPartsPerMillion == DeviceSettings.FromBoard
                ? nominalDividerPartsPerMillion
                : settings.BatteryDividerPartsPerMillion;
            battery.DividerRatioQ16 = Q16.FromRatio(dividerPartsPerMillion, PartsPerMillion);
        }

        /// <summary>Applies the working copy's calibration now (before it is saved, so `read` shows its effect).</summary>
        public void ApplyWorkingCalibration()
        {
            ApplyCalibration(Working, _sensors, _battery, _nominalDividerPartsPerMillion);
        }

        /// <summary>Saves the working copy; returns the names that changed, comma-separated ("" when none).</summary>
        public string SaveWorking()
        {
            string changed = ChangedNames(Active, Working);
            SettingsStore.Save(Working);
            Active.CopyFrom(Working);
            HasUnsavedChanges = false;
            Controller.Mode = Active.Mode;
            Controller.ManualBatteryDischargeWatts = Active.ManualBatteryDischargeWatts;
            return changed;
        }

        /// <summary>Saves the active settings after a change that takes effect at once (mode, key), and mirrors it into the working copy.</summary>
        public void SaveActive()
        {
            SettingsStore.Save(Active);
            Working.SiteId = Active.SiteId;
            Working.DeviceId = Active.DeviceId;
            Working.KeyId = Active.KeyId;
            Working.Key = Active.Key == null ? null : (byte[])Active.Key.Clone();
            Working.Mode = Active.Mode;
            Working.ManualBatteryDischargeWatts = Active.ManualBatteryDischargeWatts;
        }

        private string ChangedNames(DeviceSettings before, DeviceSettings after)
        {
            string changed = "";
            string[] names = SettingCatalog.ScalarNames;
            for (int i = 0; i < names.Length; i++)
            {
                changed = AddIfChanged(changed, names[i], before, after);
            }

            for (int channel = 0; channel < DeviceSettings.MaxChannels; channel++)
            {
                changed = AddIfChanged(changed, SettingCatalog.ShuntName(channel), before, after);
                changed = AddIfChanged(changed, SettingCatalog.GainName(channel), before, after);
            }

            return changed;
        }

        private static string AddIfChanged(string changed, string name, DeviceSettings before, DeviceSettings after)
        {
            if (SettingCatalog.SameValue(before, after, name))
            {
                return changed;
            }

            return changed.Length == 0 ? name : changed + "," + name;
        }
    }
}
