using EdgeController.Core.Planning;
using EdgeController.Core.Signing;

namespace EdgeController.Core.Settings
{
    /// <summary>
    /// The console's names of the settings, their ranges, and reading and writing them as text.
    /// Names: site, dev, kid (read only: see the key commands), pin, report_ms, lock_s,
    /// mqtt_host, mqtt_port, mode, vbat_div_ppm, wifi_ssid, wifi_pass, mqtt_user, mqtt_pass,
    /// mqtt_tls, mqtt_ca, mqtt_plain_pass, cmd_key (the gateway's command key, 64 hex or "none"), and
    /// per channel N shunt_uohm.N and gain_ppm.N. Every rule is here once, for the console and for
    /// records read from flash. The secrets (<see cref="SecretSettings"/>) can be set, never read:
    /// they show as "****" (or empty when unset).
    /// </summary>
    public static class SettingCatalog
    {
        /// <summary>The longest text setting.</summary>
        public const int MaxTextLength = 63;

        /// <summary>Names of the settings that are not per channel, in the order config show lists them.</summary>
        public static readonly string[] ScalarNames = new string[]
        {
            "site", "dev", "kid", "pin", "report_ms", "lock_s", "mqtt_host", "mqtt_port", "mode", "manual_w", "vbat_div_ppm",
            "wifi_ssid", "wifi_pass", "mqtt_user", "mqtt_pass", "mqtt_tls", "mqtt_ca", "mqtt_plain_pass", "cmd_key",
        };

        /// <summary>The longest Wi-Fi network name, characters (IEEE 802.11: an SSID has at most 32 octets).</summary>
        public const int MaxSsidLength = 32;

        /// <summary>The shortest WPA2 passphrase (IEEE 802.11i, annex H.4: 8..63 ASCII characters).</summary>
        public const int MinWifiPassphraseLength = 8;

        /// <summary>The largest battery power manual mode takes, W (1 MW: any pack this controller meets is far below; the dispatch's limits bind first).</summary>
        public const int MaxManualBatteryDischargeWatts = 1000000;

        /// <summary>Operating modes.</summary>
        public static readonly string[] Modes = OperatingModeNames.All;

        private const string ShuntPrefix = "shunt_uohm.";
        private const string GainPrefix = "gain_ppm.";

        /// <summary>The name of the first setting that breaks its rule, or null when all are valid.</summary>
        public static string FindInvalid(DeviceSettings settings)
        {
            if (!Identifiers.IsValid(settings.SiteId))
            {
                return "site";
            }

            if (!Identifiers.IsValid(settings.DeviceId))
            {
                return "dev";
            }

            bool keyIdValid = settings.KeyId.Length == 0 ? settings.Key == null : Identifiers.IsValid(settings.KeyId);
            if (!keyIdValid || (settings.Key != null && settings.Key.Length != DeviceSettings.KeyBytes))
            {
                return "kid";
            }

            string[] names = ScalarNames;
            for (int i = 3; i < names.Length; i++)
            {
                if (Check(settings, names[i]) != null)
                {
                    return names[i];
                }
            }

            for (int channel = 0; channel < DeviceSettings.MaxChannels; channel++)
            {
                if (CheckShunt(settings.ShuntMicroohms[channel]) != null)
                {
                    return ShuntPrefix + channel.ToString();
                }

                if (CheckGain(settings.CurrentGainPartsPerMillion[channel]) != null)
                {
                    return GainPrefix + channel.ToString();
                }
            }

            return null;
        }

        /// <summary>
        /// The value of a setting as the console shows it, or null for an unknown name. A secret
        /// shows as <see cref="SecretSettings.Masked"/> when set and as "" when empty (the PIN is always set).
        /// </summary>
        public static string Get(DeviceSettings settings, string name)
        {
            if (SecretSettings.IsSecret(name))
            {
                return Raw(settings, name).Length == 0 ? string.Empty : SecretSettings.Masked;
            }

            return Raw(settings, name);
        }

        /// <summary>True when the setting has the same value in a and b (secrets compared by value, not as shown).</summary>
        public static bool SameValue(DeviceSettings a, DeviceSettings b, string name)
        {
            return Raw(a, name) == Raw(b, name);
        }

        /// <summary>The value of a setting as text, secrets in clear (for comparing and restoring, never for output), or null.</summary>
        private static string Raw(DeviceSettings settings, string name)
        {
            switch (name)
            {
                case "site": return settings.SiteId;
                case "dev": return settings.DeviceId;
                case "kid": return settings.KeyId.Length == 0 ? "none" : settings.KeyId;
                case "pin": return settings.Pin;
                case "wifi_ssid": return settings.WifiSsid;
                case "wifi_pass": return settings.WifiPassword;
                case "mqtt_user": return settings.MqttUsername;
                case "mqtt_pass": return settings.MqttPassword;
                case "report_ms": return settings.ReportPeriodMilliseconds.ToString();
                case "lock_s": return settings.LockTimeoutSeconds.ToString();
                case "mqtt_host": return settings.MqttHost;
                case "mqtt_port": return settings.MqttPort.ToString();
                case "manual_w": return settings.ManualBatteryDischargeWatts.ToString();
                case "mode": return settings.Mode;
                case "vbat_div_ppm": return settings.BatteryDividerPartsPerMillion.ToString();
                case "mqtt_tls": return settings.MqttUseTls ? "1" : "0";
                case "mqtt_ca": return settings.MqttCaFile;
                case "mqtt_plain_pass": return settings.MqttAllowPlainPassword ? "1" : "0";
                case "cmd_key": return settings.HasCommandKey ? HexText(settings.CommandKey) : string.Empty;
            }

            int channel = ChannelOf(name, ShuntPrefix);
            if (channel >= 0)
            {
                return settings.ShuntMicroohms[channel].ToString();
            }

            channel = ChannelOf(name, GainPrefix);
            return channel >= 0 ? settings.CurrentGainPartsPerMillion[channel].ToString() : null;
        }

        /// <summary>
        /// Sets a setting from text. Returns null when done, else why not (and leaves settings as
        /// they were); errorCode is then "unknown_setting", "read_only" or "bad_value".
        /// </summary>
        public static string Set(DeviceSettings settings, string name, string text, out string errorCode)
        {
            errorCode = "bad_value";
            if (name == "kid")
            {
                errorCode = "read_only";
                return "kid changes with key set or key rotate";
            }

            if (Get(settings, name) == null)
            {
                errorCode = "unknown_setting";
                return "no setting '" + AsciiText.Clip(name) + "'; config show lists them";
            }

            string old = Raw(settings, name);
            string problem = Assign(settings, name, text);
            if (problem == null)
            {
                problem = Check(settings, name);
            }

            if (problem != null)
            {
                Assign(settings, name, old);
            }

            return problem;
        }

        /// <summary>The rule of a setting in words, for help and errors.</summary>
        public static string RuleOf(string name)
        {
            switch (name)
            {
                case "site": return "1..32 of [A-Za-z0-9_-]";
                case "dev": return "1..32 of [A-Za-z0-9_-]";
                case "pin": return "4..8 digits";
                case "report_ms": return "1000..3600000";
                case "lock_s": return "30..3600";
                case "mqtt_host": return "1..63 of [A-Za-z0-9.-]";
                case "mqtt_port": return "1..65535";
                case "manual_w": return "-" + MaxManualBatteryDischargeWatts.ToString() + ".." + MaxManualBatteryDischargeWatts.ToString() + " (battery W in manual mode, + = discharge)";
                case "mode": return "auto, self_consumption, tou, backup, manual, maintenance or standby";
                case "vbat_div_ppm": return "0 (board nominal) or 1000000..100000000";
                case "wifi_ssid": return "0..32 printable ASCII (empty: no Wi-Fi)";
                case "wifi_pass": return "empty (open network) or 8..63 printable ASCII";
                case "mqtt_user": return "0..63 printable ASCII";
                case "mqtt_pass": return "0..63 printable ASCII";
                case "mqtt_tls": return "0 (plain TCP) or 1 (TLS)";
                case "mqtt_ca": return "empty (platform trust) or a file name on I:\\ of 1..63 of [A-Za-z0-9._-]";
                case "mqtt_plain_pass": return "0 (never send mqtt_pass without TLS) or 1 (send it in clear all the same)";
                case "cmd_key": return "64 hex (the gateway's command key, kid cmd) or none";
            }

            if (name.StartsWith(ShuntPrefix))
            {
                return "0 (board nominal) or 100..10000000";
            }

            return name.StartsWith(GainPrefix) ? "500000..2000000" : "read only";
        }

        /// <summary>The channel index of a per-channel name with the given prefix, or -1.</summary>
        public static int ChannelOf(string name, string prefix)
        {
            if (name == null || name.Length != prefix.Length + 1 || !name.StartsWith(prefix))
            {
                return -1;
            }

            int channel = name[prefix.Length] - '0';
            return channel >= 0 && channel < DeviceSettings.MaxChannels ? channel : -1;
        }

        /// <summary>"shunt_uohm.N".</summary>
        public static string ShuntName(int channel)
        {
            return ShuntPrefix + channel.ToString();
        }

        /// <summary>"gain_ppm.N".</summary>
        public static string GainName(int channel)
        {
            return GainPrefix + channel.ToString();
        }

        private static string Assign(DeviceSettings settings, string name, string text)
        {
            int number;
            bool isNumber = DecimalText.TryParseInt32(text, out number);
            switch (name)
            {
                case "site": settings.SiteId = text; return null;
                case "dev": settings.DeviceId = text; return null;
                case "pin": settings.Pin = text; return null;
                case "mqtt_host": settings.MqttHost = text; return null;
                case "mode": settings.Mode = text; return null;
                case "wifi_ssid": settings.WifiSsid = text; return null;
                case "wifi_pass": settings.WifiPassword = text; return null;
                case "mqtt_user": settings.MqttUsername = text; return null;
                case "mqtt_pass": settings.MqttPassword = text; return null;
                case "mqtt_ca": settings.MqttCaFile = text; return null;
                case "cmd_key": return AssignCommandKey(settings, text);
            }

            if (!isNumber)
            {
                return name + " must be a decimal integer: " + RuleOf(name);
            }

            switch (name)
            {
                case "report_ms": settings.ReportPeriodMilliseconds = number; return null;
                case "lock_s": settings.LockTimeoutSeconds = number; return null;
                case "mqtt_port": settings.MqttPort = number; return null;
                case "manual_w": settings.ManualBatteryDischargeWatts = number; return null;
                case "vbat_div_ppm": settings.BatteryDividerPartsPerMillion = number; return null;
                case "mqtt_tls": return AssignFlag(ref settings.MqttUseTls, number, name);
                case "mqtt_plain_pass": return AssignFlag(ref settings.MqttAllowPlainPassword, number, name);
            }

            int channel = ChannelOf(name, ShuntPrefix);
            if (channel >= 0)
            {
                settings.ShuntMicroohms[channel] = number;
                return null;
            }

            settings.CurrentGainPartsPerMillion[ChannelOf(name, GainPrefix)] = number;
            return null;
        }

        private static string Check(DeviceSettings settings, string name)
        {
            bool valid;
            switch (name)
            {
                case "site": valid = Identifiers.IsValid(settings.SiteId); break;
                case "dev": valid = Identifiers.IsValid(settings.DeviceId); break;
                case "pin": valid = DecimalText.IsDigits(settings.Pin, 4, 8); break;
                case "report_ms": valid = InRange(settings.ReportPeriodMilliseconds, 1000, 3600000); break;
                case "lock_s": valid = InRange(settings.LockTimeoutSeconds, 30, 3600); break;
                case "mqtt_host": valid = IsHostName(settings.MqttHost); break;
                case "mqtt_port": valid = InRange(settings.MqttPort, 1, 65535); break;
                case "manual_w": valid = InRange(settings.ManualBatteryDischargeWatts, -MaxManualBatteryDischargeWatts, MaxManualBatteryDischargeWatts); break;
                case "mode": valid = IsMode(settings.Mode); break;
                case "vbat_div_ppm":
                    valid = settings.BatteryDividerPartsPerMillion == DeviceSettings.FromBoard
                        || InRange(settings.BatteryDividerPartsPerMillion, 1000000, 100000000);
                    break;
                case "wifi_ssid": valid = IsPrintable(settings.WifiSsid, 0, MaxSsidLength); break;
                case "wifi_pass":
                    valid = (settings.WifiPassword != null && settings.WifiPassword.Length == 0)
                        || IsPrintable(settings.WifiPassword, MinWifiPassphraseLength, MaxTextLength);
                    break;
                case "mqtt_user": valid = IsPrintable(settings.MqttUsername, 0, MaxTextLength); break;
                case "mqtt_pass": valid = IsPrintable(settings.MqttPassword, 0, MaxTextLength); break;
                case "mqtt_tls": valid = true; break;
                case "mqtt_plain_pass": valid = true; break;
                case "mqtt_ca": valid = IsFileName(settings.MqttCaFile); break;
                case "cmd_key": valid = settings.CommandKey == null || settings.CommandKey.Length == DeviceSettings.KeyBytes; break;
                default:
                    int channel = ChannelOf(name, ShuntPrefix);
                    return channel >= 0
                        ? CheckShunt(settings.ShuntMicroohms[channel])
                        : CheckGain(settings.CurrentGainPartsPerMillion[ChannelOf(name, GainPrefix)]);
            }

            return valid ? null : name + " must be " + RuleOf(name);
        }

        private static string AssignFlag(ref bool flag, int number, string name)
        {
            if (number != 0 && number != 1)
            {
                return name + " must be " + RuleOf(name);
            }

            flag = number == 1;
            return null;
        }

        /// <summary>64 hex characters (either case) set the key, "none" or "" removes it.</summary>
        private static string AssignCommandKey(DeviceSettings settings, string text)
        {
            if (text == "none" || text.Length == 0)
            {
                settings.CommandKey = null;
                return null;
            }

            byte[] key = HexEncoding.DecodeString(text.ToLower());
            if (key == null || key.Length != DeviceSettings.KeyBytes)
            {
                return "cmd_key must be " + RuleOf("cmd_key");
            }

            settings.CommandKey = key;
            return null;
        }

        private static string HexText(byte[] bytes)
        {
            byte[] hex = new byte[bytes.Length * 2];
            HexEncoding.Encode(bytes, 0, bytes.Length, hex, 0);
            char[] characters = new char[hex.Length];
            for (int i = 0; i < hex.Length; i++)
            {
                characters[i] = (char)hex[i];
            }

            return new string(characters);
        }

        /// <summary>Empty, or a plain file name (no drive, no folder): what the device opens under I:\.</summary>
        private static bool IsFileName(string name)
        {
            if (name == null || name.Length > MaxTextLength)
            {
                return false;
            }

            for (int i = 0; i < name.Length; i++)
            {
                char c = name[i];
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
                {
                    return false;
                }
            }

            return name != "." && name != "..";
        }

        private static string CheckShunt(int microohms)
        {
            return microohms == DeviceSettings.FromBoard || InRange(microohms, 100, 10000000)
                ? null
                : "shunt_uohm must be " + RuleOf(ShuntPrefix);
        }

        private static string CheckGain(int partsPerMillion)
        {
            return InRange(partsPerMillion, 500000, 2000000) ? null : "gain_ppm must be " + RuleOf(GainPrefix);
        }

        /// <summary>True for one of <see cref="Modes"/>.</summary>
        public static bool IsMode(string mode)
        {
            for (int i = 0; i < Modes.Length; i++)
            {
                if (Modes[i] == mode)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsHostName(string host)
        {
            if (host == null || host.Length == 0 || host.Length > MaxTextLength)
            {
                return false;
            }

            for (int i = 0; i < host.Length; i++)
            {
                char c = host[i];
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-'))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>True for minLength..maxLength characters of printable ASCII (space to '~'): what the record's one-byte characters hold.</summary>
        private static bool IsPrintable(string text, int minLength, int maxLength)
        {
            return AsciiText.HasOnly(text, minLength, maxLength, ' ', '~');
        }

        private static bool InRange(int value, int minimum, int maximum)
        {
            return value >= minimum && value <= maximum;
        }
    }
}
