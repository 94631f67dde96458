using System.Globalization;
using EdgeController.Hal.Simulation.Models;
using EdgeController.Ledger.Market;

namespace EdgeController.Bench.Market;

/// <summary>
/// `ec-bench market [members] [seed]`: the community over the three standard days, and the
/// clearing times. key=value lines. "market" is the market as built (deviations netted, buys at
/// their expected value); "market_before" the market before it (every deviation at grid prices,
/// buys at import). Each member worse off under the market is listed with its bill change per day,
/// the slots where it loses most, and what its worst slot rests on.
/// </summary>
public static class MarketBench
{
    private const int DefaultMembers = 20;
    private const int DefaultSeed = 20261124;
    private const int LossSlotsShown = 4;

    public static int Run(string[] args, TextWriter output)
    {
        int members = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : DefaultMembers;
        int seed = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : DefaultSeed;
        IReadOnlyList<Prosumer> community = CommunityGenerator.Generate(members, seed);
        output.WriteLine(FormattableString.Invariant($"members={members}"));
        output.WriteLine(FormattableString.Invariant($"seed={seed}"));
        output.WriteLine(FormattableString.Invariant($"members_without_pv={community.Count(p => p.PvPeakWatts == 0)}"));
        output.WriteLine(FormattableString.Invariant($"members_without_battery={community.Count(p => p.BatteryWattHours == 0)}"));
        List<CommunityDayResult> days = [];
        foreach (DayWeather weather in new[] { DayWeather.Sunny, DayWeather.Cloudy, DayWeather.Winter })
        {
            CommunityDayResult r = CommunityBenchmark.Run(community, weather);
            days.Add(r);
            string key = weather.ToString().ToLowerInvariant();
            output.WriteLine(FormattableString.Invariant($"{key}_cost_alone_feed_in={r.CostAlone:F3}"));
            output.WriteLine(FormattableString.Invariant($"{key}_cost_net_metering={r.CostNetMetering:F3}"));
            output.WriteLine(FormattableString.Invariant($"{key}_cost_market={r.Market.Cost:F3}"));
            output.WriteLine(FormattableString.Invariant($"{key}_cost_market_before={r.MarketBefore.Cost:F3}"));
            output.WriteLine(FormattableString.Invariant($"{key}_cost_market_perfect_orders={r.MarketPerfect.Cost:F3}"));
            output.WriteLine(FormattableString.Invariant($"{key}_cost_market_conservative_orders={r.MarketConservative.Cost:F3}"));
            output.WriteLine(FormattableString.Invariant($"{key}_traded_kwh={r.Market.TradedKilowattHours:F3}"));
            output.WriteLine(FormattableString.Invariant($"{key}_self_sufficiency_alone={r.SelfSufficiencyAlone:F3}"));
            output.WriteLine(FormattableString.Invariant($"{key}_self_sufficiency_market={r.SelfSufficiencyMarket:F3}"));
            output.WriteLine(FormattableString.Invariant($"{key}_self_sufficiency_pooled={r.SelfSufficiencyPooled:F3}"));
            output.WriteLine(FormattableString.Invariant($"{key}_worse_off_market={r.WorseOff(r.Market)}"));
            output.WriteLine(FormattableString.Invariant($"{key}_worse_off_market_before={r.WorseOff(r.MarketBefore)}"));
            output.WriteLine(FormattableString.Invariant($"{key}_worse_off_market_perfect_orders={r.WorseOff(r.MarketPerfect)}"));
            output.WriteLine(FormattableString.Invariant($"{key}_worse_off_market_conservative_orders={r.WorseOff(r.MarketConservative)}"));
            foreach ((string name, MarketRun run) in r.Extra)
            {
                (int w, double l) = r.Worst(run);
                output.WriteLine(FormattableString.Invariant($"{key}_market_{name}=cost:{run.Cost:F3} worse_off:{r.WorseOff(run)} worst:{l:F4}({community[w].Id}) traded_kwh:{run.TradedKilowattHours:F3}"));
            }

            (int worst, double loss) = r.Worst(r.Market);
            output.WriteLine(FormattableString.Invariant($"{key}_worst_change_market={loss:F4} ({community[worst].Id})"));
            (int worstGrid, double lossGrid) = r.Worst(r.MarketBefore);
            output.WriteLine(FormattableString.Invariant($"{key}_worst_change_market_before={lossGrid:F4} ({community[worstGrid].Id})"));
            WorseOffDetail(output, key, community, r, r.Market);
        }

        for (int i = 0; i < members; i++)
        {
            Prosumer p = community[i];
            double alone = days.Sum(d => d.BillAlone[i]);
            double market = days.Sum(d => d.Market.Bills[i]);
            output.WriteLine(FormattableString.Invariant(
                $"bill_{p.Id}=pv_w:{p.PvPeakWatts:F0} battery_wh:{p.BatteryWattHours:F0} load_base_w:{p.LoadBaseWatts:F0} alone:{alone:F3} market:{market:F3} change:{market - alone:F3}"));
        }

        output.WriteLine(FormattableString.Invariant($"three_days_worse_off_market={WorseOffOverDays(days, d => d.Market)}"));
        output.WriteLine(FormattableString.Invariant($"three_days_worse_off_market_before={WorseOffOverDays(days, d => d.MarketBefore)}"));
        output.WriteLine(FormattableString.Invariant($"three_days_worse_off_market_conservative_orders={WorseOffOverDays(days, d => d.MarketConservative)}"));
        foreach (string name in days[0].Extra.Keys)
        {
            output.WriteLine(FormattableString.Invariant($"three_days_worse_off_market_{name}={WorseOffOverDays(days, d => d.Extra[name])}"));
        }
        (double slotMs, double dayMs) = CommunityBenchmark.ClearingTime(1000, seed);
        output.WriteLine(FormattableString.Invariant($"clear_one_slot_1000_orders_ms={slotMs:F2}"));
        output.WriteLine(FormattableString.Invariant($"clear_day_96_slots_1000_devices_ms={dayMs:F1}"));
        return 0;
    }

    private static int WorseOffOverDays(List<CommunityDayResult> days, Func<CommunityDayResult, MarketRun> run) =>
        Enumerable.Range(0, days[0].BillAlone.Length).Count(i => days.Sum(d => run(d).Bills[i]) > days.Sum(d => d.BillAlone[i]) + CommunityBenchmark.WorseOffThreshold);

    /// <summary>Each worse-off member: its change over the day and the slots where it loses most against alone (slot, local hour, change).</summary>
    private static void WorseOffDetail(TextWriter output, string key, IReadOnlyList<Prosumer> community, CommunityDayResult r, MarketRun run)
    {
        for (int i = 0; i < community.Count; i++)
        {
            double change = run.Bills[i] - r.BillAlone[i];
            if (change <= CommunityBenchmark.WorseOffThreshold)
            {
                continue;
            }

            IEnumerable<string> slots = Enumerable.Range(0, ProsumerDay.SlotsPerDay)
                .Select(s => (Slot: s, Change: run.SlotBills[i][s] - r.SlotBillAlone[i][s]))
                .OrderByDescending(x => x.Change).Take(LossSlotsShown)
                .Select(x => FormattableString.Invariant($"{x.Slot}({x.Slot / 4:D2}:{x.Slot % 4 * 15:D2}):{x.Change:F4}"));
            double gained = Enumerable.Range(0, ProsumerDay.SlotsPerDay).Sum(s => Math.Min(0, run.SlotBills[i][s] - r.SlotBillAlone[i][s]));
            double lost = Enumerable.Range(0, ProsumerDay.SlotsPerDay).Sum(s => Math.Max(0, run.SlotBills[i][s] - r.SlotBillAlone[i][s]));
            output.WriteLine(FormattableString.Invariant($"{key}_worse_off_{community[i].Id}=change:{change:F4} lost:{lost:F4} gained:{gained:F4} worst_slots:{string.Join(' ', slots)}"));
            int worstSlot = Enumerable.Range(0, ProsumerDay.SlotsPerDay).MaxBy(s => run.SlotBills[i][s] - r.SlotBillAlone[i][s]);
            if (run.Settlements[i][worstSlot] is MarketSettlement x)
            {
                // What the worst slot's settlement rests on: order, award, delivery, deviation and its netting.
                output.WriteLine(FormattableString.Invariant(
                    $"{key}_worse_off_{community[i].Id}_slot_{worstSlot}=order_wh:{run.OrderWattHours[i][worstSlot]} traded_wh:{x.TradedWattHours} price:{run.ClearingPrices[worstSlot]} import:{x.ImportPrice} feedin:{x.FeedInPrice} import_mwh:{x.ImportMilliwattHours} export_mwh:{x.ExportMilliwattHours} deviation_mwh:{x.DeviationMilliwattHours} netted_mwh:{x.NettedMilliwattHours} slot_excess_mwh:{x.SlotExcessMilliwattHours} slot_shortfall_mwh:{x.SlotShortfallMilliwattHours} market_nc:{x.MarketNanocurrency} deviation_nc:{x.DeviationNanocurrency}"));
                ProsumerDay y = r.Yesterday[i];
                ProsumerDay t = r.Today[i];
                output.WriteLine(FormattableString.Invariant(
                    $"{key}_worse_off_{community[i].Id}_slot_{worstSlot}_days=yesterday(load:{y.SlotLoadWattHours[worstSlot]:F0} pv:{y.SlotPvWattHours[worstSlot]:F0} stored:{y.StoredAtSlotStartWattHours[worstSlot]:F0} import:{y.ImportWattHours[worstSlot]:F0} export:{y.ExportWattHours[worstSlot]:F0}) today(load:{t.SlotLoadWattHours[worstSlot]:F0} pv:{t.SlotPvWattHours[worstSlot]:F0} stored:{t.StoredAtSlotStartWattHours[worstSlot]:F0} import:{t.ImportWattHours[worstSlot]:F0} export:{t.ExportWattHours[worstSlot]:F0}) slot_before_today(import:{t.ImportWattHours[Math.Max(0, worstSlot - 1)]:F0} export:{t.ExportWattHours[Math.Max(0, worstSlot - 1)]:F0})"));
            }
        }
    }
}
