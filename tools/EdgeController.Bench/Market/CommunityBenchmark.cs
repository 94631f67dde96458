using System.Diagnostics;
using EdgeController.Bench.Days;
using EdgeController.Hal.Simulation.Models;
using EdgeController.Ledger.Market;

namespace EdgeController.Bench.Market;

/// <summary>One way of running the market over the day: each member's bill (currency, positive = pays), the same per slot, and the kWh traded.</summary>
public sealed record MarketRun(double[] Bills, double[][] SlotBills, double TradedKilowattHours)
{
    /// <summary>Each member's order per slot, Wh (+ buy, − sell, 0 none).</summary>
    public long[][] OrderWattHours { get; init; } = [];

    /// <summary>Each member's settlement per slot (null: no award, billed as alone).</summary>
    public MarketSettlement?[][] Settlements { get; init; } = [];

    /// <summary>The clearing price per slot, µ/kWh.</summary>
    public long[] ClearingPrices { get; init; } = [];

    /// <summary>The community's cost.</summary>
    public double Cost => Bills.Sum();
}

/// <summary>One weather's figures for the community (currency over the day; positive = the community pays).</summary>
public sealed record CommunityDayResult(
    DayWeather Weather, double[] BillAlone, double[][] SlotBillAlone, double CostNetMetering,
    MarketRun Market, MarketRun MarketBefore, MarketRun MarketPerfect, MarketRun MarketConservative,
    double SelfSufficiencyAlone, double SelfSufficiencyMarket, double SelfSufficiencyPooled)
{
    /// <summary>Each member's day measured, and the day before it (the persistence forecast).</summary>
    public ProsumerDay[] Today { get; init; } = [];

    /// <summary>The day before, whose slots are the orders' forecast.</summary>
    public ProsumerDay[] Yesterday { get; init; } = [];

    /// <summary>Other variants measured, by name.</summary>
    public IReadOnlyDictionary<string, MarketRun> Extra { get; init; } = new Dictionary<string, MarketRun>();

    /// <summary>The community's cost alone.</summary>
    public double CostAlone => BillAlone.Sum();

    /// <summary>Members whose bill under run is above alone by more than the threshold.</summary>
    public int WorseOff(MarketRun run) => Enumerable.Range(0, BillAlone.Length).Count(i => run.Bills[i] > BillAlone[i] + CommunityBenchmark.WorseOffThreshold);

    /// <summary>The member losing most under run, and by how much (negative: nobody loses).</summary>
    public (int Member, double Loss) Worst(MarketRun run)
    {
        int worst = Enumerable.Range(0, BillAlone.Length).MaxBy(i => run.Bills[i] - BillAlone[i]);
        return (worst, run.Bills[worst] - BillAlone[worst]);
    }
}

/// <summary>
/// The community bench: each member's day (<see cref="ProsumerDay"/>) priced three ways, with the
/// tariff of the standard days (<see cref="DaysSite"/>, import 0.10/0.20/0.40 by hour, feed-in 0.05):
/// <list type="bullet">
/// <item>alone: imports at the import price, exports at the feed-in tariff, no trading;</item>
/// <item>net metering: each slot's exports credited at that slot's import price;</item>
/// <item>the market: per slot each member posts a buy for its forecast net import or a sell at
/// the feed-in price for its forecast net export, the forecast being the same slot of the day
/// before (persistence); the buy is priced by the device's rule (<see cref="OrderRule.ValuedBuys"/>:
/// the part the slot running now agrees on at import, the rest at feed-in); the gateway's
/// <see cref="MarketClearing"/> clears (uniform, k = 1/2) and <see cref="SettlementCalculator"/>
/// settles the slot on the delivered registers by the adopted rule, "netted" (the awarded
/// members' opposite deviations meet at the clearing price, the rest at grid prices); members
/// without an award pay the grid as alone. To compare: the market as it was before (buys at
/// import, "grid" settlement), buys at import under netting, "perfect" orders for the delivered
/// energy (separating forecast error from pricing), conservative orders, and the other
/// schemes.</item>
/// </list>
/// Self-sufficiency as gsy-e defines it, self-consumed ÷ demanded: alone counts a member's own
/// PV and battery; the market adds the Wh it matched between members; pooled is the most any
/// community scheme can reach (all members behind one meter).
/// </summary>
public static class CommunityBenchmark
{
    private const long SlotMs = 900_000;

    /// <summary>A member counts as worse off when its bill rises by more than this (currency): below it are the mWh and nanocurrency roundings of the settlement.</summary>
    public const double WorseOffThreshold = 0.001;

    public static CommunityDayResult Run(IReadOnlyList<Prosumer> community, DayWeather weather)
    {
        // Day 1 is the day measured; day 0 gives the persistence forecast.
        ProsumerDay[] yesterday = community.Select(p => ProsumerDay.Simulate(p, weather, 0)).ToArray();
        ProsumerDay[] today = community.Select(p => ProsumerDay.Simulate(p, weather, 1)).ToArray();
        int n = community.Count;
        double[][] alone = new double[n][];
        double netMetering = 0;
        for (int i = 0; i < n; i++)
        {
            alone[i] = new double[ProsumerDay.SlotsPerDay];
            for (int s = 0; s < ProsumerDay.SlotsPerDay; s++)
            {
                double import = ImportPrice(s);
                alone[i][s] = ((today[i].ImportWattHours[s] * import) - (today[i].ExportWattHours[s] * DaysSite.ExportMicrocurrency)) / 1e9;
                netMetering += (today[i].ImportWattHours[s] - today[i].ExportWattHours[s]) * import / 1e9;
            }
        }

        MarketRun market = Market(community, today, yesterday, SettlementRule.Netted, OrderRule.ValuedBuys);
        MarketRun grid = Market(community, today, yesterday, SettlementRule.Grid, OrderRule.ImportPriceBuys);
        // Perfect orders know the slot: every Wh is agreed, so a buy is at the import price under either rule.
        MarketRun perfect = Market(community, today, today, SettlementRule.Netted, OrderRule.ImportPriceBuys);
        MarketRun conservative = Market(community, today, yesterday, SettlementRule.Netted, OrderRule.Conservative);
        Dictionary<string, MarketRun> extra = new(StringComparer.Ordinal)
        {
            ["import_price_buys"] = Market(community, today, yesterday, SettlementRule.Netted, OrderRule.ImportPriceBuys),
            ["mmr"] = Market(community, today, yesterday, SettlementRule.Netted, OrderRule.ValuedBuys, MarketScheme.MidMarketRate),
            ["sdr"] = Market(community, today, yesterday, SettlementRule.Netted, OrderRule.ValuedBuys, MarketScheme.SupplyDemandRatio),
            ["bill_sharing"] = Market(community, today, yesterday, SettlementRule.Netted, OrderRule.ValuedBuys, MarketScheme.BillSharing),
            ["pay_as_bid"] = Market(community, today, yesterday, SettlementRule.Netted, OrderRule.ValuedBuys, MarketScheme.PayAsBid),
        };
        double load = today.Sum(d => d.LoadWattHours);
        double imports = today.Sum(d => d.ImportWattHours.Sum());
        double pooledImports = Enumerable.Range(0, ProsumerDay.SlotsPerDay)
            .Sum(s => Math.Max(0, today.Sum(d => d.ImportWattHours[s]) - today.Sum(d => d.ExportWattHours[s])));
        return new CommunityDayResult(weather, alone.Select(slots => slots.Sum()).ToArray(), alone, netMetering, market, grid, perfect, conservative,
            (load - imports) / load, (load - imports + (market.TradedKilowattHours * 1000)) / load, (load - pooledImports) / load)
        {
            Today = today,
            Yesterday = yesterday,
            Extra = extra,
        };
    }

    /// <summary>Each member's bill under the market (currency, per slot too) and the kWh traded, with orders from forecast by orderRule, delivery from today, cleared by scheme and settled by rule.</summary>
    public static MarketRun Market(IReadOnlyList<Prosumer> community, ProsumerDay[] today, ProsumerDay[] forecast, SettlementRule rule, OrderRule orderRule,
        MarketScheme scheme = MarketScheme.UniformK05)
    {
        int n = community.Count;
        Dictionary<string, int> member = Enumerable.Range(0, n).ToDictionary(i => community[i].Id, i => i, StringComparer.Ordinal);
        double[][] slotBills = Enumerable.Range(0, n).Select(_ => new double[ProsumerDay.SlotsPerDay]).ToArray();
        long[][] orders = Enumerable.Range(0, n).Select(_ => new long[ProsumerDay.SlotsPerDay]).ToArray();
        MarketSettlement?[][] settlements = Enumerable.Range(0, n).Select(_ => new MarketSettlement?[ProsumerDay.SlotsPerDay]).ToArray();
        long[] clearingPrices = new long[ProsumerDay.SlotsPerDay];
        long[] importRegister = new long[n];
        long[] exportRegister = new long[n];
        long tradedWh = 0;
        for (int s = 0; s < ProsumerDay.SlotsPerDay; s++)
        {
            long slot = s * SlotMs;
            SlotPrices prices = new(ImportPrice(s), DaysSite.ExportMicrocurrency);
            List<MarketOrder> buys = [];
            List<MarketOrder> sells = [];
            for (int i = 0; i < n; i++)
            {
                // Truncated toward zero: an order never asks for the fraction of a Wh it may not deliver.
                long netWh = (long)Math.Truncate(forecast[i].ImportWattHours[s] - forecast[i].ExportWattHours[s]);
                // The slot running now, today (at the first slot, the forecast itself).
                long nowWh = s == 0 ? netWh : (long)Math.Truncate(today[i].ImportWattHours[s - 1] - today[i].ExportWattHours[s - 1]);
                long agreedWh = Math.Sign(netWh) != Math.Sign(nowWh) ? 0 : Math.Sign(netWh) * Math.Min(Math.Abs(netWh), Math.Abs(nowWh));
                if (orderRule == OrderRule.Conservative)
                {
                    // Over-committing is the one way a truthful order loses against the grid (an unused
                    // bought Wh resold at feed-in, an undelivered sold Wh bought back at import);
                    // committing less never does. So order only what the two agree on.
                    netWh = agreedWh;
                }

                long buyPrice = prices.ImportMicrocurrencyPerKilowattHour;
                long sellPrice = prices.FeedInMicrocurrencyPerKilowattHour;
                if (orderRule == OrderRule.ValuedBuys && netWh > 0)
                {
                    // The device's rule: a Wh the slot now also needs displaces an import (worth the
                    // import price); the rest may go unused and be resold at feed-in (worth that).
                    long spread = prices.ImportMicrocurrencyPerKilowattHour - prices.FeedInMicrocurrencyPerKilowattHour;
                    buyPrice = prices.FeedInMicrocurrencyPerKilowattHour + (spread * agreedWh / netWh);
                }

                orders[i][s] = netWh;
                if (netWh > 0)
                {
                    buys.Add(new MarketOrder(i + 1, community[i].Id, 1, 0, slot, MarketSide.Buy, netWh, buyPrice));
                }
                else if (netWh < 0)
                {
                    sells.Add(new MarketOrder(i + 1, community[i].Id, 1, 0, slot, MarketSide.Sell, -netWh, sellPrice));
                }
            }

            ClearingOutcome outcome = MarketClearing.Clear(scheme, buys, sells, prices);
            tradedWh += outcome.TradedWattHours;
            clearingPrices[s] = outcome.PriceMicrocurrencyPerKilowattHour;
            HashSet<string> awarded = outcome.Awards.Select(a => a.Device).ToHashSet(StringComparer.Ordinal);
            List<(string Device, IReadOnlyList<ReadingPoint> Readings)> settled = [];
            for (int i = 0; i < n; i++)
            {
                // The member's signed registers at the slot's two boundaries.
                ReadingPoint start = new(2 * i, community[i].Id, slot, importRegister[i], exportRegister[i], "");
                importRegister[i] += (long)Math.Round(today[i].ImportWattHours[s] * 1000);
                exportRegister[i] += (long)Math.Round(today[i].ExportWattHours[s] * 1000);
                ReadingPoint end = new((2 * i) + 1, community[i].Id, slot + SlotMs, importRegister[i], exportRegister[i], "");
                if (awarded.Contains(community[i].Id))
                {
                    settled.Add((community[i].Id, [start, end]));
                }
                else
                {
                    // Not in the market this slot: the grid bills its import and export apart, as alone (mWh x µ/kWh = 1e-12).
                    slotBills[i][s] = (((end.ImportMilliwattHours - start.ImportMilliwattHours) * prices.ImportMicrocurrencyPerKilowattHour)
                        - ((end.ExportMilliwattHours - start.ExportMilliwattHours) * prices.FeedInMicrocurrencyPerKilowattHour)) / 1e12;
                }
            }

            // The gateway settles the awarded members together, in ordinal order.
            settled.Sort((a, b) => string.CompareOrdinal(a.Device, b.Device));
            foreach (MarketSettlement settlement in SettlementCalculator.SettleSlot(slot, SlotMs, outcome, prices, rule, settled))
            {
                slotBills[member[settlement.Device]][s] = -settlement.TotalNanocurrency / 1e9;
                settlements[member[settlement.Device]][s] = settlement;
            }
        }

        return new MarketRun(slotBills.Select(slots => slots.Sum()).ToArray(), slotBills, tradedWh / 1000.0)
        {
            OrderWattHours = orders,
            Settlements = settlements,
            ClearingPrices = clearingPrices,
        };
    }

    private static long ImportPrice(int slot) => DaysSite.ImportPriceAtHour(slot / 4);

    /// <summary>Clearing time: median ms of one slot of orderCount random orders, and of a day of 96 such slots through book, clearing and result record.</summary>
    public static (double SlotMilliseconds, double DayMilliseconds) ClearingTime(int orderCount, int seed)
    {
        Random random = new(seed);
        long slot = 2_000_000L * SlotMs;
        MarketParameters parameters = new(SlotMs, 60_000, 86_400_000, MarketScheme.UniformK05, new SlotPrices(400_000, 50_000),
            new Dictionary<long, SlotPrices>(), Enumerable.Range(0, orderCount).ToDictionary(i => $"d{i:D4}", _ => 10_000L));
        MarketOrder[] Orders(long forSlot) => Enumerable.Range(0, orderCount).Select(i => new MarketOrder(i + 1, $"d{i:D4}", 1, forSlot - 300_000, forSlot,
            i % 2 == 0 ? MarketSide.Buy : MarketSide.Sell, random.Next(1, 2500), random.Next(50_000, 400_001))).ToArray();
        MarketOrder[] one = Orders(slot);
        List<double> samples = [];
        for (int run = 0; run < 21; run++)
        {
            Stopwatch watch = Stopwatch.StartNew();
            OrderBook book = OrderBook.Build(slot, one, parameters);
            ClearingOutcome outcome = MarketClearing.Clear(parameters.Scheme, book.Buys, book.Sells, parameters.PricesAt(slot));
            MarketRecordWriter.Result(1, slot, slot, parameters.Scheme, outcome, book.Rejected, 1);
            samples.Add(watch.Elapsed.TotalMilliseconds);
        }

        MarketOrder[][] day = Enumerable.Range(0, ProsumerDay.SlotsPerDay).Select(s => Orders(slot + (s * SlotMs))).ToArray();
        Stopwatch dayWatch = Stopwatch.StartNew();
        for (int s = 0; s < day.Length; s++)
        {
            long daySlot = slot + (s * SlotMs);
            OrderBook book = OrderBook.Build(daySlot, day[s], parameters);
            ClearingOutcome outcome = MarketClearing.Clear(parameters.Scheme, book.Buys, book.Sells, parameters.PricesAt(daySlot));
            MarketRecordWriter.Result(s + 1, daySlot, daySlot, parameters.Scheme, outcome, book.Rejected, 1);
        }

        samples.Sort();
        return (samples[samples.Count / 2], dayWatch.Elapsed.TotalMilliseconds);
    }
}
