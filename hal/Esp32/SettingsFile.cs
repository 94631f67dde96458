using System;
using EdgeController.Core;
using EdgeController.Core.Signing;
using nanoFramework.Json;

namespace EdgeController.Hal.Esp32
{
    /// <summary>
    /// Reads and writes <see cref="DeviceSettings"/> as JSON on the internal drive.
    /// </summary>
    /// <remarks>
    /// Why two JSON readers on one device: the settings file is a flat bag of strings that only
    /// this device reads, so nanoFramework.Json's object mapping is the shortest honest code for
    /// it, and <see cref="Check"/> states its few rules. The board config is validated by Core's
    /// BoardConfigLoader instead, never by nanoFramework.Json: the same file must be accepted or
    /// refused for the same reasons on the host and on the device, every error must name its
    /// field, and nanoFramework.Json silently skips unknown (misspelt) members and has no
    /// integer-only mode.
    /// </remarks>
    public static class SettingsFile
    {
        /// <summary>The largest settings file read, bytes.</summary>
        public const int MaxBytes = 4096;

        /// <summary>Reads the settings; null with a reason when the file is missing or malformed.</summary>
        public static DeviceSettings Read(FlashFileStore store, out string error)
        {
            string text = store.ReadText(DeviceSettings.FileName, MaxBytes);
            if (text == null)
            {
                error = store.PathOf(DeviceSettings.FileName) + " is missing or larger than " + MaxBytes.ToString() + " bytes";
                return null;
            }

            return Parse(text, out error);
        }

        /// <summary>Maps settings JSON onto <see cref="DeviceSettings"/>; null with a reason when it does not fit or breaks a rule.</summary>
        public static DeviceSettings Parse(string text, out string error)
        {
            DeviceSettings settings;
            try
            {
                settings = (DeviceSettings)JsonConvert.DeserializeObject(text, typeof(DeviceSettings));
            }
            catch (Exception e)
            {
                error = DeviceSettings.FileName + ": not valid JSON for the settings (" + e.Message + ")";
                return null;
            }

            error = Check(settings);
            return error == null ? settings : null;
        }

        /// <summary>The settings as JSON, keys named as the properties.</summary>
        public static string Serialize(DeviceSettings settings)
        {
            return JsonConvert.SerializeObject(settings);
        }

        /// <summary>Writes the settings (used by the on-device tests and by provisioning over the console).</summary>
        public static void Write(FlashFileStore store, DeviceSettings settings)
        {
            byte[] bytes = System.Text.Encoding.UTF8.GetBytes(Serialize(settings));
            store.Write(DeviceSettings.FileName, bytes, bytes.Length);
        }

        /// <summary>The first rule the settings break, or null.</summary>
        public static string Check(DeviceSettings settings)
        {
            if (settings == null)
            {
                return DeviceSettings.FileName + ": empty";
            }

            if (!Identifiers.IsValid(settings.SiteId) || !Identifiers.IsValid(settings.DeviceId) || !Identifiers.IsValid(settings.KeyId))
            {
                return DeviceSettings.FileName + ": SiteId, DeviceId and KeyId must be 1..32 of A-Z a-z 0-9 _ -";
            }

            if (settings.KeyHex == null || settings.KeyHex.Length != 64 || HexEncoding.DecodeString(settings.KeyHex) == null)
            {
                return DeviceSettings.FileName + ": KeyHex must be 64 hex digits";
            }

            if (settings.MqttHost == null || settings.MqttHost.Length == 0)
            {
                return DeviceSettings.FileName + ": MqttHost is missing";
            }

            return null;
        }
    }
}
