using System.Globalization;
using System.Text.Json.Nodes;
using EdgeController.Ledger.Readings;

namespace EdgeController.Ledger.HomeAssistant;

/// <summary>
/// The JSON document the gateway republishes on ec/v1/&lt;site&gt;/_gateway/&lt;dev&gt;/state from a
/// reading that verified and entered the ledger: power in W per channel, energy registers in kWh,
/// SOC in %, pack temperature in °C, mode and faults by name. Home Assistant reads only this.
/// </summary>
public static class VerifiedState
{
    /// <summary>The state topic of a device.</summary>
    public static string Topic(string site, string device) => $"ec/v1/{site}/_gateway/{device}/state";

    /// <summary>The keys of the document a reading yields (the discovery documents name the same keys).</summary>
    public static IReadOnlyList<string> PowerKeys(ReadingDocument reading) => reading.ChannelKeys.Select(channel => channel + "_w").ToList();

    /// <summary>Builds the document.</summary>
    public static JsonObject From(ReadingDocument reading)
    {
        JsonObject state = new()
        {
            ["dev"] = reading.DeviceId,
            ["seq"] = reading.Sequence,
            ["ts"] = reading.TimeSynchronized
                ? DateTimeOffset.FromUnixTimeMilliseconds(reading.DeviceTimeMilliseconds).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)
                : null,
        };
        foreach (string channel in reading.ChannelKeys)
        {
            state[channel + "_w"] = Scaled(reading.Integer(channel + "_mw"), 1000.0, 1);
            state[channel + "_fwd_kwh"] = Scaled(reading.Integer(channel + "_fwd_mwh"), 1_000_000.0, 4);
            state[channel + "_rev_kwh"] = Scaled(reading.Integer(channel + "_rev_mwh"), 1_000_000.0, 4);
        }

        if (reading.Integer("soc_permille") is long soc)
        {
            state["soc_pct"] = Math.Round(soc / 10.0, 1);
        }

        if (reading.Integer("tbat_decicelsius") is long temperature)
        {
            state["tbat_c"] = Math.Round(temperature / 10.0, 1);
        }

        state["mode"] = reading.Mode ?? "unknown";
        IReadOnlyList<string> faults = FaultList.Names(reading.FaultFlags, reading.ChannelKeys);
        state["faults"] = faults.Count == 0 ? "none" : string.Join(",", faults);
        return state;
    }

    private static double? Scaled(long? value, double divisor, int digits) => value is long v ? Math.Round(v / divisor, digits) : null;
}
