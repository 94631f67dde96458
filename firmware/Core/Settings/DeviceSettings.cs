namespace EdgeController.Core.Settings
{
    /// <summary>
    /// Everything a device keeps across power cycles apart from its meter state: who it is, its
    /// signing key, the gateway's command key, the technician's PIN, the loop and link parameters
    /// with the Wi-Fi and broker credentials and the broker's TLS settings, the operating mode and the calibration. Plain fields; <see cref="SettingCatalog"/> names them for the console, checks
    /// ranges and is the only way the console changes them. Calibration values of 0 mean "as the
    /// board config says" (the board's nominal shunt, its nominal divider).
    /// </summary>
    public sealed class DeviceSettings
    {
        /// <summary>Calibration slots: one per power channel the meter supports.</summary>
        public const int MaxChannels = 8;

        /// <summary>Bytes of a device key (HMAC-SHA256 key of the hash's size).</summary>
        public const int KeyBytes = 32;

        /// <summary>The PIN of a device nobody has provisioned; status warns while it is in use.</summary>
        public const string DefaultPin = "0000";

        /// <summary>Gain of 1.0 in parts per million.</summary>
        public const int UnityGainPartsPerMillion = 1000000;

        /// <summary>A calibration value meaning "use the board's nominal value".</summary>
        public const int FromBoard = 0;

        /// <summary>Creates the factory defaults.</summary>
        public DeviceSettings()
        {
            ShuntMicroohms = new int[MaxChannels];
            CurrentGainPartsPerMillion = new int[MaxChannels];
            SiteId = "site1";
            DeviceId = "ec-new";
            KeyId = string.Empty;
            Pin = DefaultPin;
            WifiSsid = string.Empty;
            WifiPassword = string.Empty;
            MqttUsername = string.Empty;
            MqttPassword = string.Empty;
            MqttCaFile = string.Empty;
            ResetConfiguration();
        }

        /// <summary>Site id in topics ("site").</summary>
        public string SiteId;

        /// <summary>Device id in topics and payloads ("dev").</summary>
        public string DeviceId;

        /// <summary>Id of the signing key; empty when the device has no key.</summary>
        public string KeyId;

        /// <summary>The signing key (32 bytes), or null. Never printed, logged or published.</summary>
        public byte[] Key;

        /// <summary>The console PIN, 4..8 digits.</summary>
        public string Pin;

        /// <summary>Reading period, ms ("report_ms").</summary>
        public int ReportPeriodMilliseconds;

        /// <summary>Idle time after which the console locks again, s ("lock_s").</summary>
        public int LockTimeoutSeconds;

        /// <summary>MQTT broker host name or address ("mqtt_host").</summary>
        public string MqttHost;

        /// <summary>MQTT broker TCP port ("mqtt_port").</summary>
        public int MqttPort;

        /// <summary>MQTT user name ("mqtt_user"); empty: connect without one.</summary>
        public string MqttUsername;

        /// <summary>MQTT password ("mqtt_pass"); empty: none. A secret: never printed, logged or published.</summary>
        public string MqttPassword;

        /// <summary>True to reach the broker over TLS ("mqtt_tls", 0 or 1).</summary>
        public bool MqttUseTls;

        /// <summary>
        /// TLS: file name on the device's internal drive I:\ of the PEM CA certificate that signs the
        /// broker's certificate ("mqtt_ca"); empty: the platform's own trust.
        /// </summary>
        public string MqttCaFile;

        /// <summary>
        /// Send mqtt_pass over plain TCP all the same ("mqtt_plain_pass", 0 or 1; default 0): without
        /// it a device with mqtt_tls 0 connects without its password rather than give it away in clear.
        /// </summary>
        public bool MqttAllowPlainPassword;

        /// <summary>
        /// The key the gateway signs this device's commands with (kid "cmd" in the gateway's key
        /// registry; "cmd_key"), 32 bytes, or null. A secret: never printed, logged or published.
        /// </summary>
        public byte[] CommandKey;

        /// <summary>Wi-Fi network name ("wifi_ssid"); empty: the device does not join a network.</summary>
        public string WifiSsid;

        /// <summary>Wi-Fi passphrase ("wifi_pass"); empty: an open network. A secret: never printed, logged or published.</summary>
        public string WifiPassword;

        /// <summary>Operating mode ("mode"): one of <see cref="Planning.OperatingModeNames.All"/>.</summary>
        public string Mode;

        /// <summary>Battery power in manual mode, W, positive = discharge ("manual_w"); the dispatch holds it within every limit.</summary>
        public int ManualBatteryDischargeWatts;

        /// <summary>Measured shunt resistance of each channel, µΩ; 0 = the board's nominal ("shunt_uohm.N").</summary>
        public readonly int[] ShuntMicroohms;

        /// <summary>Current gain of each channel against a reference meter, ppm; 1,000,000 = 1.0 ("gain_ppm.N").</summary>
        public readonly int[] CurrentGainPartsPerMillion;

        /// <summary>Battery divider ratio (input over pin voltage), ppm; 0 = the board's nominal ("vbat_div_ppm").</summary>
        public int BatteryDividerPartsPerMillion;

        /// <summary>True when a command key is present: the device can verify the gateway's commands.</summary>
        public bool HasCommandKey
        {
            get { return CommandKey != null && CommandKey.Length == KeyBytes; }
        }

        /// <summary>True when a signing key is present.</summary>
        public bool HasKey
        {
            get { return Key != null && Key.Length == KeyBytes && KeyId.Length > 0; }
        }

        /// <summary>
        /// Back to the factory configuration; identity, keys (the command key too), PIN, the Wi-Fi
        /// and broker credentials and the broker's TLS settings stay: they are provisioning, not tuning.
        /// </summary>
        public void ResetConfiguration()
        {
            ReportPeriodMilliseconds = 10000;
            LockTimeoutSeconds = 300;
            MqttHost = "127.0.0.1";
            MqttPort = 1883;
            Mode = "auto";
            ManualBatteryDischargeWatts = 0;
            for (int i = 0; i < MaxChannels; i++)
            {
                ShuntMicroohms[i] = FromBoard;
                CurrentGainPartsPerMillion[i] = UnityGainPartsPerMillion;
            }

            BatteryDividerPartsPerMillion = FromBoard;
        }

        /// <summary>Makes this a copy of other (the key array is copied, not shared).</summary>
        public void CopyFrom(DeviceSettings other)
        {
            SiteId = other.SiteId;
            DeviceId = other.DeviceId;
            KeyId = other.KeyId;
            Key = other.Key == null ? null : (byte[])other.Key.Clone();
            Pin = other.Pin;
            ReportPeriodMilliseconds = other.ReportPeriodMilliseconds;
            LockTimeoutSeconds = other.LockTimeoutSeconds;
            MqttHost = other.MqttHost;
            MqttPort = other.MqttPort;
            MqttUsername = other.MqttUsername;
            MqttPassword = other.MqttPassword;
            WifiSsid = other.WifiSsid;
            WifiPassword = other.WifiPassword;
            MqttUseTls = other.MqttUseTls;
            MqttCaFile = other.MqttCaFile;
            MqttAllowPlainPassword = other.MqttAllowPlainPassword;
            CommandKey = other.CommandKey == null ? null : (byte[])other.CommandKey.Clone();
            Mode = other.Mode;
            ManualBatteryDischargeWatts = other.ManualBatteryDischargeWatts;
            System.Array.Copy(other.ShuntMicroohms, ShuntMicroohms, MaxChannels);
            System.Array.Copy(other.CurrentGainPartsPerMillion, CurrentGainPartsPerMillion, MaxChannels);
            BatteryDividerPartsPerMillion = other.BatteryDividerPartsPerMillion;
        }

        /// <summary>A copy.</summary>
        public DeviceSettings Clone()
        {
            DeviceSettings copy = new DeviceSettings();
            copy.CopyFrom(this);
            return copy;
        }
    }
}
