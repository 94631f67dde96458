using System.Diagnostics;
using EdgeController.Bench.Days;
using EdgeController.Hal.Simulation.Models;
using EdgeController.Ledger.Market;

namespace EdgeController.Bench.Market;

/// <summary>One weather's figures for the community (currency over the day; positive = the community pays).</summary>
public sealed record CommunityDayResult(
    DayWeather Weather, double CostAlone, double CostNetMetering, double CostMarketPerfect, double CostMarket,
    double SelfSufficiencyAlone, double SelfSufficiencyMarket, double SelfSufficiencyPooled,
    int WorseOffPerfect, int WorseOff, double WorstLoss, string WorstMember, double TradedKilowattHours, double[] BillAlone, double[] BillMarket,
    double CostMarketNetted, int WorseOffNetted)
{
    /// <summary>The market with conservative orders: each side only what both forecasts (yesterday's slot, and the slot now running) agree on.</summary>
    public double CostMarketConservative { get; init; }

    /// <summary>Members worse off with conservative orders.</summary>
    public int WorseOffConservative { get; init; }

    /// <summary>Each member's bill with conservative orders.</summary>
    public double[] BillMarketConservative { get; init; } = [];
}

/// <summary>
/// The community bench: each member's day (<see cref="ProsumerDay"/>) priced three ways, with the
/// tariff of the standard days (<see cref="DaysSite"/>, import 0.10/0.20/0.40 by hour, feed-in 0.05):
/// <list type="bullet">
/// <item>alone: imports at the import price, exports at the feed-in tariff, no trading;</item>
/// <item>net metering: each slot's exports credited at that slot's import price;</item>
/// <item>the market: per slot each member posts a buy at the import price for its forecast net
/// import, or a sell at the feed-in price for its forecast net export; the gateway's
/// <see cref="MarketClearing"/> clears (uniform, k = 1/2) and <see cref="SettlementCalculator"/>
/// settles on the delivered registers, the deviation at grid prices; members without an award
/// pay the grid as alone. The forecast is the same slot of the day before (persistence), and,
/// to separate forecast error from pricing, "perfect" orders for the delivered energy.</item>
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
        double[] alone = new double[n];
        double[] netMetering = new double[n];
        for (int i = 0; i < n; i++)
        {
            for (int s = 0; s < ProsumerDay.SlotsPerDay; s++)
            {
                double import = ImportPrice(s);
                alone[i] += ((today[i].ImportWattHours[s] * import) - (today[i].ExportWattHours[s] * DaysSite.ExportMicrocurrency)) / 1e9;
                netMetering[i] += (today[i].ImportWattHours[s] - today[i].ExportWattHours[s]) * import / 1e9;
            }
        }

        (double[] perfect, _) = Market(community, today, today);
        (double[] market, double traded) = Market(community, today, yesterday);
        (double[] netted, _) = Market(community, today, yesterday, netDeviations: true);
        (double[] conservative, _) = Market(community, today, yesterday, conservative: true);
        double load = today.Sum(d => d.LoadWattHours);
        double imports = today.Sum(d => d.ImportWattHours.Sum());
        double pooledImports = Enumerable.Range(0, ProsumerDay.SlotsPerDay)
            .Sum(s => Math.Max(0, today.Sum(d => d.ImportWattHours[s]) - today.Sum(d => d.ExportWattHours[s])));
        int worst = Enumerable.Range(0, n).MaxBy(i => market[i] - alone[i]);
        return new CommunityDayResult(weather, alone.Sum(), netMetering.Sum(), perfect.Sum(), market.Sum(),
            (load - imports) / load, (load - imports + (traded * 1000)) / load, (load - pooledImports) / load,
            Enumerable.Range(0, n).Count(i => perfect[i] > alone[i] + WorseOffThreshold), Enumerable.Range(0, n).Count(i => market[i] > alone[i] + WorseOffThreshold),
            market[worst] - alone[worst], community[worst].Id, traded, alone, market,
            netted.Sum(), Enumerable.Range(0, n).Count(i => netted[i] > alone[i] + WorseOffThreshold))
        {
            CostMarketConservative = conservative.Sum(),
            WorseOffConservative = Enumerable.Range(0, n).Count(i => conservative[i] > alone[i] + WorseOffThreshold),
            BillMarketConservative = conservative,
        };
    }

    /// <summary>Each member's bill under the market (currency) and the kWh traded, with orders from forecast and delivery from today.</summary>
    private static (double[] Bills, double TradedKilowattHours) Market(IReadOnlyList<Prosumer> community, ProsumerDay[] today, ProsumerDay[] forecast, bool netDeviations = false, bool conservative = false)
    {
        int n = community.Count;
        double[] bills = new double[n];
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
                if (conservative)
                {
                    // Over-committing is the one way a truthful order loses against the grid (an unused
                    // bought Wh resold at feed-in, an undelivered sold Wh bought back at import);
                    // committing less never does. So order only what yesterday's slot and the slot
                    // running now agree on: the smaller of the two, nothing when they disagree in sign.
                    long nowWh = s == 0 ? netWh : (long)Math.Truncate(today[i].ImportWattHours[s - 1] - today[i].ExportWattHours[s - 1]);
                    netWh = Math.Sign(netWh) != Math.Sign(nowWh) ? 0 : Math.Sign(netWh) * Math.Min(Math.Abs(netWh), Math.Abs(nowWh));
                }
                if (netWh > 0)
                {
                    buys.Add(new MarketOrder(i + 1, community[i].Id, 1, 0, slot, MarketSide.Buy, netWh, prices.ImportMicrocurrencyPerKilowattHour));
                }
                else if (netWh < 0)
                {
                    sells.Add(new MarketOrder(i + 1, community[i].Id, 1, 0, slot, MarketSide.Sell, -netWh, prices.FeedInMicrocurrencyPerKilowattHour));
                }
            }

            ClearingOutcome outcome = MarketClearing.Clear(MarketScheme.UniformK05, buys, sells, prices);
            tradedWh += outcome.TradedWattHours;
            MarketSettlement?[] settlements = new MarketSettlement?[n];
            for (int i = 0; i < n; i++)
            {
                // The member's signed registers at the slot's two boundaries.
                ReadingPoint start = new(2 * i, community[i].Id, slot, importRegister[i], exportRegister[i], "");
                importRegister[i] += (long)Math.Round(today[i].ImportWattHours[s] * 1000);
                exportRegister[i] += (long)Math.Round(today[i].ExportWattHours[s] * 1000);
                ReadingPoint end = new((2 * i) + 1, community[i].Id, slot + SlotMs, importRegister[i], exportRegister[i], "");
                if (outcome.Awards.Any(a => a.Device == community[i].Id))
                {
                    MarketSettlement settlement = SettlementCalculator.Compute(slot, SlotMs, community[i].Id, outcome, prices, [start, end]);
                    settlements[i] = settlement;
                    bills[i] -= settlement.TotalNanocurrency / 1e9;
                }
                else
                {
                    bills[i] += (((end.ImportMilliwattHours - start.ImportMilliwattHours) * prices.ImportMicrocurrencyPerKilowattHour)
                        - ((end.ExportMilliwattHours - start.ExportMilliwattHours) * prices.FeedInMicrocurrencyPerKilowattHour)) / 1e12;
                }
            }

            if (netDeviations)
            {
                NetDeviations(settlements, bills, outcome.PriceMicrocurrencyPerKilowattHour);
            }
        }

        return (bills, tradedWh / 1000.0);
    }

    /// <summary>
    /// The rule the fairness figures point to (not the settlement of docs/design.md): members'
    /// deviations in opposite directions in the same slot meet at the clearing price, pro rata,
    /// and only the community's net deviation goes to the grid's prices.
    /// </summary>
    private static void NetDeviations(MarketSettlement?[] settlements, double[] bills, long price)
    {
        double excess = settlements.Where(x => x is not null && x.DeviationMilliwattHours > 0).Sum(x => (double)x!.DeviationMilliwattHours);
        double shortfall = settlements.Where(x => x is not null && x.DeviationMilliwattHours < 0).Sum(x => -(double)x!.DeviationMilliwattHours);
        double met = Math.Min(excess, shortfall);
        if (met <= 0)
        {
            return;
        }

        for (int i = 0; i < settlements.Length; i++)
        {
            MarketSettlement? x = settlements[i];
            if (x is null || x.DeviationMilliwattHours == 0)
            {
                continue;
            }

            double share = x.DeviationMilliwattHours > 0 ? x.DeviationMilliwattHours * met / excess : x.DeviationMilliwattHours * met / shortfall;
            double gridPrice = x.DeviationMilliwattHours > 0 ? x.FeedInPrice : x.ImportPrice;
            // Undo the grid price on the share, settle it at the clearing price instead (mWh x µ/kWh = 1e-12).
            bills[i] -= share * (price - gridPrice) / 1e12;
        }
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
