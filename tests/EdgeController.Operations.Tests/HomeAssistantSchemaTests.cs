using System.Text.Json.Nodes;
using EdgeController.Ledger.HomeAssistant;
using EdgeController.Ledger.Readings;

namespace EdgeController.Operations.Tests;

/// <summary>
/// The discovery documents against Home Assistant's documented MQTT sensor schema: state_topic is
/// required; a device block needs unique_id and identifiers (or connections); availability_topic
/// and an availability list exclude each other; each device_class allows only its units and
/// state classes (energy: Wh/kWh/MWh/... with total or total_increasing, never measurement;
/// power: W/kW/...; battery: %; temperature: °C/°F/K); a sensor without a device class that has
/// no unit and no state class is a text sensor.
/// </summary>
public sealed class HomeAssistantSchemaTests
{
    private static readonly Dictionary<string, (string[] Units, string[] StateClasses)> s_allowed = new()
    {
        ["power"] = (["mW", "W", "kW", "MW", "GW", "TW", "BTU/h"], ["measurement"]),
        ["energy"] = (["J", "kJ", "MJ", "GJ", "mWh", "Wh", "kWh", "MWh", "GWh", "TWh", "cal", "kcal", "Mcal", "Gcal"], ["total", "total_increasing"]),
        ["battery"] = (["%"], ["measurement"]),
        ["temperature"] = (["°C", "°F", "K"], ["measurement"]),
    };

    private static ReadingDocument Reading(string device = "dev-a", int faults = 0)
    {
        Assert.True(ReadingDocument.TryParse(SiteReadings.Reading(device, 7, socPermille: 555, faultFlags: faults), out ReadingDocument? reading));
        return reading!;
    }

    [Fact]
    public void EveryDocumentFollowsTheSensorSchema()
    {
        ReadingDocument reading = Reading();
        JsonObject state = VerifiedState.From(reading);
        IReadOnlyList<(string Topic, JsonObject Document)> documents = DiscoveryDocuments.For("site1", reading);
        Assert.Equal((SiteReadings.Channels.Length * 3) + 4, documents.Count);
        foreach ((string topic, JsonObject document) in documents)
        {
            string key = Assert.IsType<string>(document["value_template"]!.GetValue<string>()).Replace("{{ value_json.", "").Replace(" }}", "");
            Assert.Equal($"homeassistant/sensor/dev-a_{key}/config", topic);
            Assert.Equal($"site1_dev-a_{key}", document["unique_id"]!.GetValue<string>());
            Assert.Equal("ec/v1/site1/_gateway/dev-a/state", document["state_topic"]!.GetValue<string>());
            Assert.Equal("ec/v1/site1/dev-a/status", document["availability_topic"]!.GetValue<string>());
            Assert.Null(document["availability"]);
            Assert.Equal("online", document["payload_available"]!.GetValue<string>());
            Assert.Equal("offline", document["payload_not_available"]!.GetValue<string>());
            JsonArray identifiers = Assert.IsType<JsonArray>(document["device"]!["identifiers"]);
            Assert.NotEmpty(identifiers);
            Assert.False(string.IsNullOrEmpty(document["name"]?.GetValue<string>()));
            Assert.True(state.ContainsKey(key), $"state has no {key}");

            string? deviceClass = document["device_class"]?.GetValue<string>();
            string? unit = document["unit_of_measurement"]?.GetValue<string>();
            string? stateClass = document["state_class"]?.GetValue<string>();
            if (deviceClass is null)
            {
                Assert.Null(unit);
                Assert.Null(stateClass);
                Assert.Equal(System.Text.Json.JsonValueKind.String, state[key]!.GetValueKind());
                continue;
            }

            Assert.True(s_allowed.TryGetValue(deviceClass, out var allowed), $"{deviceClass} is not a class this test knows");
            Assert.Contains(unit, allowed.Units);
            Assert.Contains(stateClass, allowed.StateClasses);
            Assert.Equal(System.Text.Json.JsonValueKind.Number, state[key]!.GetValueKind());
        }
    }

    [Fact]
    public void EnergyTotalsAreKilowattHoursThatOnlyIncrease()
    {
        ReadingDocument reading = Reading();
        JsonObject grid = DiscoveryDocuments.For("site1", reading).Single(item => item.Topic.EndsWith("_grid_fwd_kwh/config", StringComparison.Ordinal)).Document;
        Assert.Equal("energy", grid["device_class"]!.GetValue<string>());
        Assert.Equal("total_increasing", grid["state_class"]!.GetValue<string>());
        Assert.Equal("kWh", grid["unit_of_measurement"]!.GetValue<string>());
        Assert.Equal(7 * 600 / 1_000_000.0, VerifiedState.From(reading)["grid_fwd_kwh"]!.GetValue<double>());
    }

    [Fact]
    public void TwoSitesNeverShareAnId()
    {
        ReadingDocument reading = Reading();
        HashSet<string> site1 = DiscoveryDocuments.For("site1", reading).Select(item => item.Document["unique_id"]!.GetValue<string>()).ToHashSet();
        HashSet<string> site2 = DiscoveryDocuments.For("site2", reading).Select(item => item.Document["unique_id"]!.GetValue<string>()).ToHashSet();
        Assert.Empty(site1.Intersect(site2));
        Assert.NotEqual(
            DiscoveryDocuments.For("site1", reading)[0].Document["device"]!["identifiers"]![0]!.GetValue<string>(),
            DiscoveryDocuments.For("site2", reading)[0].Document["device"]!["identifiers"]![0]!.GetValue<string>());
    }

    [Fact]
    public void StateNamesFaultsAsTheConsoleDoes()
    {
        int flt = EdgeController.Core.FaultFlags.PowerChannel(2) | EdgeController.Core.FaultFlags.Protection(EdgeController.Core.Protection.ProtectionFaults.SensorLoss);
        JsonObject state = VerifiedState.From(Reading(faults: flt));
        Assert.Equal("channel_grid,protection_sensor_loss", state["faults"]!.GetValue<string>());
        Assert.Equal(55.5, state["soc_pct"]!.GetValue<double>());
        Assert.Equal(25.1, state["tbat_c"]!.GetValue<double>());
        Assert.Equal(-2.0, state["grid_w"]!.GetValue<double>());
        Assert.Equal("none", VerifiedState.From(Reading())["faults"]!.GetValue<string>());
    }
}
