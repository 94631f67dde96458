namespace EdgeController.Hal.Esp32
{
    /// <summary>
    /// The device's own settings (I:\settings.json, written by provisioning and deployed with
    /// nanoff --filedeployment): who it is, its key, its Wi-Fi and its broker. Read with
    /// nanoFramework.Json, which fills public settable properties through a public parameterless
    /// constructor and skips unknown members (nanoframework/nanoFramework.Json,
    /// nanoFramework.Json/JsonConvert.cs @d0bcbd4), so every property here must stay public and
    /// the file's keys are these property names exactly, as SerializeObject writes them.
    /// </summary>
    public class DeviceSettings
    {
        /// <summary>The settings file on the internal drive.</summary>
        public const string FileName = "settings.json";

        /// <summary>The board config file on the internal drive (board-configs/&lt;board&gt;.json, deployed by tools/flash.sh).</summary>
        public const string BoardConfigFileName = "board.json";

        /// <summary>Site id (topics).</summary>
        public string SiteId { get; set; }

        /// <summary>Device id (topics, payloads, the gateway's key registry).</summary>
        public string DeviceId { get; set; }

        /// <summary>Id of the signing key ("kid").</summary>
        public string KeyId { get; set; }

        /// <summary>The HMAC key, 64 lowercase hex digits. Never printed: the console shows its id only.</summary>
        public string KeyHex { get; set; }

        /// <summary>Wi-Fi network name.</summary>
        public string WifiSsid { get; set; }

        /// <summary>Wi-Fi password.</summary>
        public string WifiPassword { get; set; }

        /// <summary>Broker host name or address.</summary>
        public string MqttHost { get; set; }

        /// <summary>Broker port (1883 unless set).</summary>
        public int MqttPort { get; set; }

        /// <summary>Broker user name (may be empty).</summary>
        public string MqttUsername { get; set; }

        /// <summary>Broker password (may be empty).</summary>
        public string MqttPassword { get; set; }
    }
}
