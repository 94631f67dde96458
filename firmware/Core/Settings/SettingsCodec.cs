using EdgeController.Core.Storage;

namespace EdgeController.Core.Settings
{
    /// <summary>
    /// The stored form of <see cref="DeviceSettings"/>, little-endian. Version 1: version (1 byte);
    /// site, dev, kid, pin, mqtt_host, mode as short strings (length byte + ASCII); key (length
    /// byte 0 or 32 + bytes); report_ms, lock_s, mqtt_port (int32 each); channel count (1 byte)
    /// then per channel shunt µΩ and gain ppm (int32 each); battery divider ppm (int32).
    /// Version 2 is version 1 followed by wifi_ssid, wifi_pass, mqtt_user and mqtt_pass as short
    /// strings. Version 3 is version 2 followed by manual_w (int32). Version 4 (written now) is
    /// version 3 followed by cmd_key (length byte 0 or 32 + bytes), mqtt_tls (1 byte), mqtt_ca
    /// (short string) and mqtt_plain_pass (1 byte). Older records still load (empty credentials,
    /// manual_w 0, no command key, plain TCP) and become version 4 at their next save: a device
    /// updated in the field keeps its settings.
    /// A record that decodes but breaks a range rule is refused whole: the store then falls back
    /// to defaults rather than run with half-trusted values.
    /// </summary>
    public static class SettingsCodec
    {
        /// <summary>Bytes of the largest record: eleven strings of up to 64 bytes each with its length, the two keys, the numbers and flags.</summary>
        public const int MaxSerializedBytes = 1 + (11 * (1 + SettingCatalog.MaxTextLength)) + 2 * (1 + DeviceSettings.KeyBytes)
            + 12 + 1 + (DeviceSettings.MaxChannels * 8) + 4 + 4 + 2;

        /// <summary>The version <see cref="Serialize"/> writes.</summary>
        public const byte FormatVersion = 4;

        /// <summary>The version with manual_w but without the command key and TLS settings (read, never written).</summary>
        public const byte FormatVersionWithoutCommandKey = 3;

        /// <summary>The version with credentials but without manual_w (read, never written).</summary>
        public const byte FormatVersionWithoutManualPower = 2;

        /// <summary>The first version: no Wi-Fi or broker credentials (read, never written).</summary>
        public const byte FormatVersionWithoutCredentials = 1;

        /// <summary>Writes settings into buffer (at least <see cref="MaxSerializedBytes"/>); returns the length.</summary>
        public static int Serialize(DeviceSettings settings, byte[] buffer)
        {
            buffer[0] = FormatVersion;
            int offset = 1;
            offset = PutText(buffer, offset, settings.SiteId);
            offset = PutText(buffer, offset, settings.DeviceId);
            offset = PutText(buffer, offset, settings.KeyId);
            offset = PutText(buffer, offset, settings.Pin);
            offset = PutText(buffer, offset, settings.MqttHost);
            offset = PutText(buffer, offset, settings.Mode);
            if (settings.HasKey)
            {
                buffer[offset++] = DeviceSettings.KeyBytes;
                System.Array.Copy(settings.Key, 0, buffer, offset, DeviceSettings.KeyBytes);
                offset += DeviceSettings.KeyBytes;
            }
            else
            {
                buffer[offset++] = 0;
            }

            offset = PutInt32(buffer, offset, settings.ReportPeriodMilliseconds);
            offset = PutInt32(buffer, offset, settings.LockTimeoutSeconds);
            offset = PutInt32(buffer, offset, settings.MqttPort);
            buffer[offset++] = DeviceSettings.MaxChannels;
            for (int i = 0; i < DeviceSettings.MaxChannels; i++)
            {
                offset = PutInt32(buffer, offset, settings.ShuntMicroohms[i]);
                offset = PutInt32(buffer, offset, settings.CurrentGainPartsPerMillion[i]);
            }

            offset = PutInt32(buffer, offset, settings.BatteryDividerPartsPerMillion);
            offset = PutText(buffer, offset, settings.WifiSsid);
            offset = PutText(buffer, offset, settings.WifiPassword);
            offset = PutText(buffer, offset, settings.MqttUsername);
            offset = PutText(buffer, offset, settings.MqttPassword);
            offset = PutInt32(buffer, offset, settings.ManualBatteryDischargeWatts);
            offset = PutKey(buffer, offset, settings.HasCommandKey ? settings.CommandKey : null);
            buffer[offset++] = settings.MqttUseTls ? (byte)1 : (byte)0;
            offset = PutText(buffer, offset, settings.MqttCaFile);
            buffer[offset++] = settings.MqttAllowPlainPassword ? (byte)1 : (byte)0;
            return offset;
        }

        private static int PutKey(byte[] buffer, int offset, byte[] key)
        {
            if (key == null)
            {
                buffer[offset++] = 0;
                return offset;
            }

            buffer[offset++] = DeviceSettings.KeyBytes;
            System.Array.Copy(key, 0, buffer, offset, DeviceSettings.KeyBytes);
            return offset + DeviceSettings.KeyBytes;
        }

        /// <summary>Decodes buffer[0..length) into settings; false (settings then undefined) when it is not a valid record.</summary>
        public static bool TryDeserialize(byte[] buffer, int length, DeviceSettings settings)
        {
            byte version = length < 1 ? (byte)0 : buffer[0];
            if (version != FormatVersion && version != FormatVersionWithoutCommandKey && version != FormatVersionWithoutManualPower
                && version != FormatVersionWithoutCredentials)
            {
                return false;
            }

            int offset = 1;
            settings.SiteId = TakeText(buffer, length, ref offset);
            settings.DeviceId = TakeText(buffer, length, ref offset);
            settings.KeyId = TakeText(buffer, length, ref offset);
            settings.Pin = TakeText(buffer, length, ref offset);
            settings.MqttHost = TakeText(buffer, length, ref offset);
            settings.Mode = TakeText(buffer, length, ref offset);
            if (settings.SiteId == null || settings.DeviceId == null || settings.KeyId == null
                || settings.Pin == null || settings.MqttHost == null || settings.Mode == null || offset >= length)
            {
                return false;
            }

            int keyLength = buffer[offset++];
            if ((keyLength != 0 && keyLength != DeviceSettings.KeyBytes) || offset + keyLength + 13 > length)
            {
                return false;
            }

            settings.Key = null;
            if (keyLength > 0)
            {
                settings.Key = new byte[DeviceSettings.KeyBytes];
                System.Array.Copy(buffer, offset, settings.Key, 0, DeviceSettings.KeyBytes);
                offset += DeviceSettings.KeyBytes;
            }

            int position = offset;
            settings.ReportPeriodMilliseconds = (int)LittleEndian.ReadUInt32(buffer, position);
            settings.LockTimeoutSeconds = (int)LittleEndian.ReadUInt32(buffer, position + 4);
            settings.MqttPort = (int)LittleEndian.ReadUInt32(buffer, position + 8);
            int channels = buffer[position + 12];
            position += 13;
            if (channels != DeviceSettings.MaxChannels || position + (channels * 8) + 4 > length)
            {
                return false;
            }

            for (int i = 0; i < channels; i++)
            {
                settings.ShuntMicroohms[i] = (int)LittleEndian.ReadUInt32(buffer, position);
                settings.CurrentGainPartsPerMillion[i] = (int)LittleEndian.ReadUInt32(buffer, position + 4);
                position += 8;
            }

            settings.BatteryDividerPartsPerMillion = (int)LittleEndian.ReadUInt32(buffer, position);
            position += 4;
            if (!TakeCredentials(buffer, length, version, ref position, settings))
            {
                return false;
            }

            settings.ManualBatteryDischargeWatts = 0;
            if (version >= FormatVersionWithoutCommandKey)
            {
                if (position + 4 > length)
                {
                    return false;
                }

                settings.ManualBatteryDischargeWatts = (int)LittleEndian.ReadUInt32(buffer, position);
                position += 4;
            }

            if (!TakeCommandKeyAndTls(buffer, length, version, ref position, settings))
            {
                return false;
            }

            if (position != length)
            {
                return false;
            }

            return SettingCatalog.FindInvalid(settings) == null;
        }

        /// <summary>The strings version 2 appended; a version 1 record has none and leaves them empty.</summary>
        private static bool TakeCredentials(byte[] buffer, int length, byte version, ref int position, DeviceSettings settings)
        {
            if (version == FormatVersionWithoutCredentials)
            {
                settings.WifiSsid = string.Empty;
                settings.WifiPassword = string.Empty;
                settings.MqttUsername = string.Empty;
                settings.MqttPassword = string.Empty;
                return true;
            }

            settings.WifiSsid = TakeText(buffer, length, ref position);
            settings.WifiPassword = TakeText(buffer, length, ref position);
            settings.MqttUsername = TakeText(buffer, length, ref position);
            settings.MqttPassword = TakeText(buffer, length, ref position);
            return settings.WifiSsid != null && settings.WifiPassword != null
                && settings.MqttUsername != null && settings.MqttPassword != null;
        }

        /// <summary>What version 4 appended; an older record has no command key and reaches its broker over plain TCP.</summary>
        private static bool TakeCommandKeyAndTls(byte[] buffer, int length, byte version, ref int position, DeviceSettings settings)
        {
            settings.CommandKey = null;
            settings.MqttUseTls = false;
            settings.MqttCaFile = string.Empty;
            settings.MqttAllowPlainPassword = false;
            if (version < FormatVersion)
            {
                return true;
            }

            if (position >= length)
            {
                return false;
            }

            int keyLength = buffer[position++];
            if ((keyLength != 0 && keyLength != DeviceSettings.KeyBytes) || position + keyLength + 1 > length)
            {
                return false;
            }

            if (keyLength > 0)
            {
                settings.CommandKey = new byte[DeviceSettings.KeyBytes];
                System.Array.Copy(buffer, position, settings.CommandKey, 0, DeviceSettings.KeyBytes);
                position += DeviceSettings.KeyBytes;
            }

            byte tls = buffer[position++];
            settings.MqttCaFile = TakeText(buffer, length, ref position);
            if (settings.MqttCaFile == null || position >= length || tls > 1 || buffer[position] > 1)
            {
                return false;
            }

            settings.MqttUseTls = tls == 1;
            settings.MqttAllowPlainPassword = buffer[position++] == 1;
            return true;
        }

        private static int PutText(byte[] buffer, int offset, string text)
        {
            buffer[offset++] = (byte)text.Length;
            for (int i = 0; i < text.Length; i++)
            {
                buffer[offset++] = (byte)text[i];
            }

            return offset;
        }

        private static string TakeText(byte[] buffer, int length, ref int offset)
        {
            int position = offset;
            if (position >= length)
            {
                return null;
            }

            int textLength = buffer[position];
            if (textLength > SettingCatalog.MaxTextLength || position + 1 + textLength > length)
            {
                return null;
            }

            char[] characters = new char[textLength];
            for (int i = 0; i < textLength; i++)
            {
                characters[i] = (char)buffer[position + 1 + i];
            }

            offset = position + 1 + textLength;
            return new string(characters);
        }

        private static int PutInt32(byte[] buffer, int offset, int value)
        {
            LittleEndian.WriteUInt32(buffer, offset, (uint)value);
            return offset + 4;
        }
    }
}
