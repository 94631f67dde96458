using System.Globalization;
using EdgeController.Hal.Simulation.Models;

namespace EdgeController.Bench.Market;

/// <summary>`ec-bench market [members] [seed]`: the community over the three standard days, and the clearing times. key=value lines.</summary>
public static class MarketBench
{
    private const int DefaultMembers = 20;
    private const int DefaultSeed = 20261124;

    public static int Run(string[] args, TextWriter output)
    {
        int members = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : DefaultMembers;
        int seed = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : DefaultSeed;
        IReadOnlyList<Prosumer> community = CommunityGenerator.Generate(members, seed);
        output.WriteLine(FormattableString.Invariant($"members={members}"));
        output.WriteLine(FormattableString.Invariant($"seed={seed}"));
        output.WriteLine(FormattableString.Invariant($"members_without_pv={community.Count(p => p.PvPeakWatts == 0)}"));
        output.WriteLine(FormattableString.Invariant($"members_without_battery={community.Count(p => p.BatteryWattHours == 0)}"));
        double[] totalAlone = new double[members];
        double[] totalMarket = new double[members];
        double[] totalConservative = new double[members];
        foreach (DayWeather weather in new[] { DayWeather.Sunny, DayWeather.Cloudy, DayWeather.Winter })
        {
            CommunityDayResult r = CommunityBenchmark.Run(community, weather);
            string key = weather.ToString().ToLowerInvariant();
            output.WriteLine(FormattableString.Invariant($"{key}_cost_alone_feed_in={r.CostAlone:F3}"));
            output.WriteLine(FormattableString.Invariant($"{key}_cost_net_metering={r.CostNetMetering:F3}"));
            output.WriteLine(FormattableString.Invariant($"{key}_cost_market={r.CostMarket:F3}"));
            output.WriteLine(FormattableString.Invariant($"{key}_cost_market_perfect_orders={r.CostMarketPerfect:F3}"));
            output.WriteLine(FormattableString.Invariant($"{key}_traded_kwh={r.TradedKilowattHours:F3}"));
            output.WriteLine(FormattableString.Invariant($"{key}_self_sufficiency_alone={r.SelfSufficiencyAlone:F3}"));
            output.WriteLine(FormattableString.Invariant($"{key}_self_sufficiency_market={r.SelfSufficiencyMarket:F3}"));
            output.WriteLine(FormattableString.Invariant($"{key}_self_sufficiency_pooled={r.SelfSufficiencyPooled:F3}"));
            output.WriteLine(FormattableString.Invariant($"{key}_worse_off_market={r.WorseOff}"));
            output.WriteLine(FormattableString.Invariant($"{key}_worse_off_market_perfect_orders={r.WorseOffPerfect}"));
            output.WriteLine(FormattableString.Invariant($"{key}_worst_loss={r.WorstLoss:F4} ({r.WorstMember})"));
            output.WriteLine(FormattableString.Invariant($"{key}_cost_market_deviations_netted={r.CostMarketNetted:F3}"));
            output.WriteLine(FormattableString.Invariant($"{key}_worse_off_market_deviations_netted={r.WorseOffNetted}"));
            output.WriteLine(FormattableString.Invariant($"{key}_cost_market_conservative_orders={r.CostMarketConservative:F3}"));
            output.WriteLine(FormattableString.Invariant($"{key}_worse_off_market_conservative_orders={r.WorseOffConservative}"));
            for (int i = 0; i < members; i++)
            {
                totalAlone[i] += r.BillAlone[i];
                totalMarket[i] += r.BillMarket[i];
                totalConservative[i] += r.BillMarketConservative[i];
            }
        }

        for (int i = 0; i < members; i++)
        {
            Prosumer p = community[i];
            output.WriteLine(FormattableString.Invariant(
                $"bill_{p.Id}=pv_w:{p.PvPeakWatts:F0} battery_wh:{p.BatteryWattHours:F0} load_base_w:{p.LoadBaseWatts:F0} alone:{totalAlone[i]:F3} market:{totalMarket[i]:F3} change:{totalMarket[i] - totalAlone[i]:F3}"));
        }

        output.WriteLine(FormattableString.Invariant($"three_days_worse_off_market={Enumerable.Range(0, members).Count(i => totalMarket[i] > totalAlone[i] + CommunityBenchmark.WorseOffThreshold)}"));
        output.WriteLine(FormattableString.Invariant($"three_days_worse_off_market_conservative_orders={Enumerable.Range(0, members).Count(i => totalConservative[i] > totalAlone[i] + CommunityBenchmark.WorseOffThreshold)}"));
        (double slotMs, double dayMs) = CommunityBenchmark.ClearingTime(1000, seed);
        output.WriteLine(FormattableString.Invariant($"clear_one_slot_1000_orders_ms={slotMs:F2}"));
        output.WriteLine(FormattableString.Invariant($"clear_day_96_slots_1000_devices_ms={dayMs:F1}"));
        return 0;
    }
}
