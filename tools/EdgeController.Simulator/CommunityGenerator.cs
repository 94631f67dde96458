using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeController.Core.Config;

namespace EdgeController.Simulator;

/// <summary>One prosumer of `ec-sim --market`: its PV, its battery and its load.</summary>
/// <param name="PvPeakWatts">PV peak, W (0: no PV).</param>
/// <param name="BatteryAmpHours">Pack capacity, Ah at 12.8 V (0: no battery, see <see cref="CommunityGenerator"/>).</param>
/// <param name="LoadBaseWatts">Base of the household load profile, W (morning and evening peaks on top).</param>
/// <param name="RatedWatts">What it may trade, W: its grid connection's larger limit.</param>
/// <param name="Board">Its board config, through the firmware's loader.</param>
public sealed record CommunityMember(double PvPeakWatts, int BatteryAmpHours, double LoadBaseWatts, int RatedWatts, BoardConfig Board)
{
    /// <summary>A member without storage.</summary>
    public bool HasBattery => BatteryAmpHours > 0;
}

/// <summary>
/// The documented generator of `ec-sim --market`'s community (docs/market.md): member i (from 0)
/// has PV by i mod 4 (none, 150, 300, 450 W peak), a battery by i mod 3 (none, 50 Ah, 100 Ah
/// LiFePO4 at 12.8 V: 0.64 or 1.28 kWh) and a load whose base is 40 + 10 × (i mod 7) W on the
/// simulator's household profile (morning and evening peaks, noise seeded per device). Every
/// board is board-configs/simulator.json with the grid limits raised to 500 W import and 400 W
/// export and a site "market" section (rated 500 W). "No battery": the simulated site is a 12 V
/// DC bus that needs its pack as the bus, so such a member keeps a 100 Ah pack behind a 2 W
/// converter and 0.2 A limits: no storage the plan or the market can use. Members 0, 1, 2 are
/// thus: no PV and no battery, 150 W with 50 Ah, 300 W with 100 Ah; every pairing appears
/// within 12 members.
/// </summary>
public static class CommunityGenerator
{
    /// <summary>PV peaks by i mod 4, W.</summary>
    public static readonly double[] PvPeakWatts = [0, 150, 300, 450];

    /// <summary>Batteries by i mod 3, Ah (0 = none).</summary>
    public static readonly int[] BatteryAmpHours = [0, 50, 100];

    /// <summary>Each member's grid limits, W.</summary>
    public const int GridImportLimitWatts = 500;

    /// <summary>Export limit, W.</summary>
    public const int GridExportLimitWatts = 400;

    /// <summary>Converter rating of a member without a battery, W.</summary>
    public const int NoBatteryConverterWatts = 2;

    /// <summary>Pack current limits of a member without a battery, mA.</summary>
    public const int NoBatteryMilliamps = 200;

    /// <summary>Member i (from 0).</summary>
    public static CommunityMember Member(int index)
    {
        double pv = PvPeakWatts[index % PvPeakWatts.Length];
        int battery = BatteryAmpHours[index % BatteryAmpHours.Length];
        double load = 40 + (10 * (index % 7));
        int rated = Math.Max(GridImportLimitWatts, GridExportLimitWatts);
        return new CommunityMember(pv, battery, load, rated, Board(battery, rated));
    }

    /// <summary>
    /// The gateway's market settings for the community (the `--market` file of `ec-gateway run`):
    /// the default scheme and slots, the members' board tariff as UTC hours (the device bids
    /// within the same prices the book bounds it by) and each member's rated power.
    /// </summary>
    public static string MarketSettings(IReadOnlyList<string> deviceIds, IReadOnlyList<CommunityMember> members)
    {
        SiteConfig site = members[0].Board.Site;
        long[] byUtcHour = new long[24];
        for (int localHour = 0; localHour < 24; localHour++)
        {
            int utcHour = (((localHour * 60) - site.UtcOffsetMinutes) / 60 % 24 + 24) % 24;
            byUtcHour[utcHour] = members[0].Board.Site.ImportMicrocurrencyPerKilowattHour;
            foreach (TariffPeriodConfig period in site.TariffPeriods)
            {
                if (localHour >= period.FromHour && localHour < period.ToHour)
                {
                    byUtcHour[utcHour] = period.ImportMicrocurrencyPerKilowattHour;
                }
            }
        }

        MarketConfig market = members[0].Board.Site.Market!;
        JsonObject settings = new()
        {
            ["scheme"] = "uniform-k0.5",
            ["slot_minutes"] = market.SlotMinutes,
            ["gate_seconds"] = 60,
            ["ahead_hours"] = 24,
            ["import"] = site.ImportMicrocurrencyPerKilowattHour,
            ["feedin"] = site.ExportMicrocurrencyPerKilowattHour,
            ["import_by_utc_hour"] = new JsonArray(byUtcHour.Select(price => (JsonNode)price).ToArray()),
            ["rated_w"] = new JsonObject(deviceIds.Select((id, i) => new KeyValuePair<string, JsonNode?>(id, members[i].RatedWatts))),
        };
        return settings.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static BoardConfig Board(int batteryAmpHours, int ratedWatts)
    {
        JsonNode root = JsonNode.Parse(SimulatedBoard.Text)!;
        JsonNode site = root["site"]!;
        site["gridImportLimitWatts"] = GridImportLimitWatts;
        site["gridExportLimitWatts"] = GridExportLimitWatts;
        site["market"] = new JsonObject { ["ratedWatts"] = ratedWatts };
        JsonNode battery = root["battery"]!;
        if (batteryAmpHours > 0)
        {
            battery["capacityMilliampHours"] = batteryAmpHours * 1000;
        }
        else
        {
            battery["maxChargeMilliamps"] = NoBatteryMilliamps;
            battery["maxDischargeMilliamps"] = NoBatteryMilliamps;
            root["powerStage"]!["batteryConverter"]!["ratedWatts"] = NoBatteryConverterWatts;
        }

        BoardConfigLoadResult result = BoardConfigLoader.Load(root.ToJsonString());
        return result.IsValid ? result.Config : throw new InvalidOperationException("community board: " + string.Join("; ", result.Errors));
    }
}
