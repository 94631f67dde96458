using System.Text.Json;
using EdgeController.Core.Signing;
using Microsoft.Data.Sqlite;

namespace EdgeController.Ledger;

/// <summary>
/// Energy per device per UTC day (by the readings' device time), from the energy registers the
/// devices signed: a day's energy is its last register value minus the last value before the
/// day (or, for a device's first day, minus its first value that day). Registers never go
/// backwards, so a negative step means a device lost its state: that step counts as zero and
/// the day is still reported. Grid import/export, PV and battery in/out are the registers
/// grid_fwd/rev_mwh, pv_fwd_mwh and bat_fwd/rev_mwh.
/// </summary>
public static class EnergyReport
{
    private static readonly string[] s_registers = ["grid_fwd_mwh", "grid_rev_mwh", "pv_fwd_mwh", "bat_fwd_mwh", "bat_rev_mwh"];

    /// <summary>Computes the report from a ledger file.</summary>
    public static IReadOnlyList<DailyEnergy> Compute(string ledgerPath)
    {
        // Per device: the last register values seen, and per day the running totals.
        Dictionary<string, long[]> lastRegisters = new(StringComparer.Ordinal);
        Dictionary<string, long> lastLoad = new(StringComparer.Ordinal);
        SortedDictionary<(string Device, DateOnly Day), (long[] Energy, int Readings)> days = new();
        Dictionary<(string Device, DateOnly Day), (long Load, bool LoadMetered, long First, long Last)> extra = new();
        using SqliteConnection connection = new($"Data Source={ledgerPath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using SqliteCommand query = connection.CreateCommand();
        query.CommandText = "SELECT dev, raw FROM ledger ORDER BY dev, seq";
        using SqliteDataReader reader = query.ExecuteReader();
        while (reader.Read())
        {
            string device = reader.GetString(0);
            byte[] raw = (byte[])reader.GetValue(1);
            if (!TryReadRegisters(raw, out long deviceTime, out long[] registers, out long? load))
            {
                continue; // an event, or a reading without these channels
            }

            DateOnly day = DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(deviceTime).UtcDateTime);
            (long[] Energy, int Readings) total = days.TryGetValue((device, day), out var existing) ? existing : (new long[s_registers.Length], 0);
            if (lastRegisters.TryGetValue(device, out long[]? previous))
            {
                for (int i = 0; i < registers.Length; i++)
                {
                    total.Energy[i] += Math.Max(0, registers[i] - previous[i]);
                }
            }

            (long Load, bool LoadMetered, long First, long Last) more = extra.TryGetValue((device, day), out var known) ? known : (0, load is not null, deviceTime, deviceTime);
            if (load is long loadNow && lastLoad.TryGetValue(device, out long loadBefore))
            {
                more.Load += Math.Max(0, loadNow - loadBefore);
            }

            if (load is long loadSeen)
            {
                lastLoad[device] = loadSeen;
            }

            extra[(device, day)] = (more.Load, more.LoadMetered && load is not null, Math.Min(more.First, deviceTime), Math.Max(more.Last, deviceTime));
            lastRegisters[device] = registers;
            days[(device, day)] = (total.Energy, total.Readings + 1);
        }

        return days.Select(entry => new DailyEnergy(entry.Key.Device, entry.Key.Day,
            entry.Value.Energy[0], entry.Value.Energy[1], entry.Value.Energy[2], entry.Value.Energy[3], entry.Value.Energy[4], entry.Value.Readings)
        {
            LoadMilliwattHours = extra[entry.Key].LoadMetered
                ? extra[entry.Key].Load
                : Math.Max(0, entry.Value.Energy[0] - entry.Value.Energy[1] + entry.Value.Energy[2] + entry.Value.Energy[4] - entry.Value.Energy[3]),
            FirstReadingMilliseconds = extra[entry.Key].First,
            LastReadingMilliseconds = extra[entry.Key].Last,
        }).ToList();
    }

    private static bool TryReadRegisters(byte[] raw, out long deviceTime, out long[] registers, out long? load)
    {
        deviceTime = 0;
        load = null;
        registers = new long[s_registers.Length];
        EnvelopeParts parts = new();
        if (SignedEnvelopeReader.TryParse(raw, raw.Length, parts) != EnvelopeError.None)
        {
            return false;
        }

        using JsonDocument payload = JsonDocument.Parse(raw.AsMemory(parts.PayloadOffset, parts.PayloadLength));
        JsonElement root = payload.RootElement;
        if (!root.TryGetProperty("ts", out JsonElement ts) || !ts.TryGetInt64(out deviceTime))
        {
            return false;
        }

        for (int i = 0; i < s_registers.Length; i++)
        {
            if (!root.TryGetProperty(s_registers[i], out JsonElement value) || !value.TryGetInt64(out registers[i]))
            {
                return false;
            }
        }

        if (root.TryGetProperty("load_fwd_mwh", out JsonElement loadValue) && loadValue.TryGetInt64(out long loadRegister))
        {
            load = loadRegister;
        }

        return true;
    }
}
