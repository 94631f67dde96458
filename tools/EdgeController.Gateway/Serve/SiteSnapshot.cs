using System.Globalization;
using System.Text.Json.Nodes;
using EdgeController.Ledger;
using EdgeController.Ledger.Readings;

namespace EdgeController.Gateway.Serve;

/// <summary>
/// Keeps the web view's documents current: polls the ledger, merges the devices' retained status,
/// re-verifies the chain when the head moved (at most every <see cref="VerifyEvery"/>), and bumps
/// <see cref="Version"/> whenever the site document changed, which the event stream waits on.
/// </summary>
public sealed class SiteSnapshot
{
    /// <summary>How often, at most, the whole chain is recomputed.</summary>
    public static readonly TimeSpan VerifyEvery = TimeSpan.FromSeconds(30);

    private readonly LedgerFollower _ledger;
    private readonly DeviceStatusWatcher? _status;
    private readonly string _ledgerPath;
    private readonly object _sync = new();
    private DateTimeOffset _lastVerifyAt = DateTimeOffset.MinValue;
    private long _verifiedIndex = -1;
    private JsonObject _verification = new() { ["at"] = null, ["ok"] = null, ["entries_checked"] = 0, ["problem"] = "" };
    private IReadOnlyList<DailyEnergy> _energy = [];
    private string _siteJson = "{}";

    /// <summary>Builds a snapshot of the ledger at path and, when given, the broker's status topics.</summary>
    public SiteSnapshot(string ledgerPath, DeviceStatusWatcher? status)
    {
        _ledgerPath = ledgerPath;
        _ledger = new LedgerFollower(ledgerPath);
        _status = status;
    }

    /// <summary>Goes up by one whenever the site document changes.</summary>
    public long Version { get; private set; }

    /// <summary>The site document (devices, ledger, market, audit) as JSON.</summary>
    public string SiteJson
    {
        get
        {
            lock (_sync)
            {
                return _siteJson;
            }
        }
    }

    /// <summary>Reads what changed and rebuilds the documents.</summary>
    public void Refresh(DateTimeOffset now)
    {
        lock (_sync)
        {
            bool haveLedger = _ledger.Poll();
            if (haveLedger && _ledger.HeadIndex != _verifiedIndex && now - _lastVerifyAt >= VerifyEvery)
            {
                ChainVerification result = LedgerChainVerifier.Verify(_ledgerPath);
                _verifiedIndex = _ledger.HeadIndex;
                _lastVerifyAt = now;
                _verification = new JsonObject
                {
                    ["at"] = Iso(now.ToUnixTimeMilliseconds()),
                    ["ok"] = result.IsValid,
                    ["entries_checked"] = result.EntriesChecked,
                    ["problem"] = result.Problem,
                };
                _energy = EnergyReport.Compute(_ledgerPath);
            }

            string json = Build(now, haveLedger).ToJsonString();
            if (json != _siteJson)
            {
                _siteJson = json;
                Version++;
            }
        }
    }

    /// <summary>The day chart document: power per 5-minute slot per device on one UTC day (the newest when null), and energy per day.</summary>
    public string ChartsJson(DateOnly? day)
    {
        lock (_sync)
        {
            DateOnly chosen = day ?? NewestDay();
            long start = new DateTimeOffset(chosen.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();
            long end = start + 86_400_000;
            JsonObject power = new();
            foreach ((string device, DeviceLedgerState state) in _ledger.Devices.OrderBy(entry => entry.Key, StringComparer.Ordinal))
            {
                JsonArray points = new();
                foreach ((long slot, (Dictionary<string, long> sums, int count)) in state.Slots)
                {
                    if (slot < start || slot >= end)
                    {
                        continue;
                    }

                    JsonObject point = new() { ["t"] = slot };
                    foreach ((string channel, long sum) in sums)
                    {
                        point[channel + "_w"] = Math.Round(sum / (double)count / 1000.0, 1);
                    }

                    points.Add(point);
                }

                power[device] = points;
            }

            JsonArray energy = new();
            foreach (DailyEnergy entry in _energy)
            {
                energy.Add(new JsonObject
                {
                    ["dev"] = entry.DeviceId,
                    ["day"] = entry.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    ["import_kwh"] = Kwh(entry.ImportMilliwattHours),
                    ["export_kwh"] = Kwh(entry.ExportMilliwattHours),
                    ["pv_kwh"] = Kwh(entry.PvMilliwattHours),
                    ["battery_in_kwh"] = Kwh(entry.BatteryInMilliwattHours),
                    ["battery_out_kwh"] = Kwh(entry.BatteryOutMilliwattHours),
                });
            }

            return new JsonObject
            {
                ["day"] = chosen.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["slot_minutes"] = LedgerFollower.SlotMilliseconds / 60_000,
                ["power"] = power,
                ["energy"] = energy,
            }.ToJsonString();
        }
    }

    private DateOnly NewestDay()
    {
        long newest = _ledger.Devices.Values.Where(state => state.LastReading is not null)
            .Select(state => state.LastReading!.DeviceTimeMilliseconds).DefaultIfEmpty(0).Max();
        return DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(newest).UtcDateTime);
    }

    private JsonObject Build(DateTimeOffset now, bool haveLedger)
    {
        IReadOnlyDictionary<string, (string Site, string Status)> statuses = _status?.Statuses ?? new Dictionary<string, (string, string)>();
        JsonArray devices = new();
        foreach (string device in _ledger.Devices.Keys.Union(statuses.Keys).Order(StringComparer.Ordinal))
        {
            _ledger.Devices.TryGetValue(device, out DeviceLedgerState? state);
            ReadingDocument? reading = state?.LastReading;
            JsonObject power = new();
            foreach (string channel in reading?.ChannelKeys ?? [])
            {
                power[channel] = Math.Round((reading!.Integer(channel + "_mw") ?? 0) / 1000.0, 1);
            }

            JsonArray gaps = new();
            foreach ((long first, long last) in state?.Gaps ?? [])
            {
                gaps.Add(new JsonObject { ["first"] = first, ["last"] = last });
            }

            devices.Add(new JsonObject
            {
                ["dev"] = device,
                ["site"] = statuses.TryGetValue(device, out var status) ? status.Site : null,
                ["status"] = statuses.TryGetValue(device, out status) ? status.Status : (_status?.IsConnected == true ? "no status" : "unknown"),
                ["entries"] = state?.Entries ?? 0,
                ["last_seq"] = reading?.Sequence,
                ["last_reading_at"] = reading is null ? null : Iso(reading.DeviceTimeMilliseconds),
                ["time_synced"] = reading?.TimeSynchronized,
                ["last_received_at"] = state is null ? null : Iso(state.LastReceivedMilliseconds),
                ["power_w"] = power,
                ["soc_pct"] = reading?.Integer("soc_permille") is long soc ? Math.Round(soc / 10.0, 1) : null,
                ["tbat_c"] = reading?.Integer("tbat_decicelsius") is long t ? Math.Round(t / 10.0, 1) : null,
                ["bat_set_w"] = reading?.Integer("bat_set_mw") is long set ? Math.Round(set / 1000.0, 1) : null,
                // A reading carries no charge stage today (docs/design.md, wire format): shown when a later version adds "charge".
                ["charge_stage"] = reading?.Integer("charge_stage") is long stage ? stage.ToString(CultureInfo.InvariantCulture) : null,
                ["mode"] = reading?.Mode,
                ["faults"] = new JsonArray(FaultList.Names(reading?.FaultFlags ?? 0, reading?.ChannelKeys ?? []).Select(name => (JsonNode?)name).ToArray()),
                ["gaps"] = gaps,
                ["missing"] = state?.Gaps.Sum(gap => gap.Last - gap.First + 1) ?? 0,
            });
        }

        JsonObject rejections = new();
        foreach ((string reason, long count) in _ledger.Rejections)
        {
            rejections[reason] = count;
        }

        return new JsonObject
        {
            ["generated_at"] = Iso(now.ToUnixTimeMilliseconds()),
            ["broker"] = _status is null ? "none" : (_status.IsConnected ? "connected" : "disconnected"),
            ["devices"] = devices,
            ["ledger"] = new JsonObject
            {
                ["path"] = _ledgerPath,
                ["present"] = haveLedger,
                ["head_idx"] = _ledger.HeadIndex,
                ["head_hash"] = _ledger.HeadHashHex,
                ["verification"] = _verification.DeepClone(),
                ["rejections"] = rejections,
                ["duplicates"] = _ledger.Duplicates,
            },
            // Places later work fills (issues 13 and 14): the page already has their sections.
            ["market"] = new JsonObject { ["built"] = false, ["note"] = "the local energy market is not built yet (issue 13)" },
            ["audit"] = new JsonObject { ["built"] = false, ["note"] = "signed tree heads are not built yet (issue 14)" },
        };
    }

    private static double Kwh(long milliwattHours) => Math.Round(milliwattHours / 1_000_000.0, 3);

    private static string Iso(long unixMilliseconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
