using System.Text.Json.Nodes;
using EdgeController.Ledger.Readings;

namespace EdgeController.Ledger.HomeAssistant;

/// <summary>
/// Home Assistant MQTT discovery (sensor component): one retained config document per value of
/// a device's verified state, on homeassistant/sensor/&lt;dev&gt;_&lt;key&gt;/config. unique_id is
/// &lt;site&gt;_&lt;dev&gt;_&lt;key&gt;, so two sites never collide; every document carries the device
/// block and takes availability from the device's own retained status topic (online/offline).
/// </summary>
public static class DiscoveryDocuments
{
    /// <summary>Home Assistant's default discovery prefix.</summary>
    public const string Prefix = "homeassistant";

    /// <summary>The config topic of one value.</summary>
    public static string Topic(string device, string key) => $"{Prefix}/sensor/{device}_{key}/config";

    /// <summary>The documents for a device, by config topic, from the keys its verified reading carries.</summary>
    public static IReadOnlyList<(string Topic, JsonObject Document)> For(string site, ReadingDocument reading)
    {
        string device = reading.DeviceId;
        List<(string, JsonObject)> documents = [];
        void Add(string key, string name, string? deviceClass, string? stateClass, string? unit, string? icon = null)
        {
            JsonObject document = new()
            {
                ["name"] = name,
                ["unique_id"] = $"{site}_{device}_{key}",
                ["state_topic"] = VerifiedState.Topic(site, device),
                ["value_template"] = "{{ value_json." + key + " }}",
                ["availability_topic"] = $"ec/v1/{site}/{device}/status",
                ["payload_available"] = "online",
                ["payload_not_available"] = "offline",
                ["device"] = new JsonObject
                {
                    ["identifiers"] = new JsonArray($"edgecontroller_{site}_{device}"),
                    ["name"] = $"EdgeController {device}",
                    ["manufacturer"] = "EdgeController",
                    ["model"] = "ESP32 edge controller",
                    ["suggested_area"] = site,
                },
            };
            if (deviceClass is not null)
            {
                document["device_class"] = deviceClass;
            }

            if (stateClass is not null)
            {
                document["state_class"] = stateClass;
            }

            if (unit is not null)
            {
                document["unit_of_measurement"] = unit;
            }

            if (icon is not null)
            {
                document["icon"] = icon;
            }

            documents.Add((Topic(device, key), document));
        }

        foreach (string channel in reading.ChannelKeys)
        {
            Add(channel + "_w", $"{channel} power", "power", "measurement", "W");
            Add(channel + "_fwd_kwh", $"{channel} energy forward", "energy", "total_increasing", "kWh");
            Add(channel + "_rev_kwh", $"{channel} energy reverse", "energy", "total_increasing", "kWh");
        }

        if (reading.Integer("soc_permille") is not null)
        {
            Add("soc_pct", "battery state of charge", "battery", "measurement", "%");
        }

        if (reading.Integer("tbat_decicelsius") is not null)
        {
            Add("tbat_c", "pack temperature", "temperature", "measurement", "°C");
        }

        Add("mode", "mode", null, null, null, "mdi:cog");
        Add("faults", "faults", null, null, null, "mdi:alert");
        return documents;
    }
}
