using System.Text;
using EdgeController.Hal.Simulation.Signing;
using EdgeController.Ledger;
using EdgeController.Ledger.Market;

namespace EdgeController.Market.Tests;

/// <summary>
/// Issue 13's bad input, each through the gateway's real ingest and runner: unsigned, forged and
/// replayed orders never enter the chain (the ingest counts them); late, far, absurd, mispriced
/// and unknown-device orders enter the chain but never the book, listed in the result with their reason.
/// </summary>
public sealed class BadOrderInputTests
{
    private static readonly long Start = MarketDay.DayStart + (11 * 3_600_000);

    [Fact]
    public async Task Unsigned_forged_and_replayed_orders_never_reach_the_chain_and_are_counted()
    {
        using MarketDay day = new();
        await day.RunAsync(Start, 10);
        long slot = Start + 900_000;
        long entries = day.Ledger.LastIndex;

        byte[] good = day.Order("dev-a", slot, "sell", 10, 150_000);
        string text = Encoding.ASCII.GetString(good);
        byte[] unsigned = Encoding.ASCII.GetBytes(text[(text.IndexOf('|') + 1)..text.LastIndexOf('|')]);
        byte[] forged = Encoding.ASCII.GetBytes(text.Replace("\"wh\":10", "\"wh\":99", StringComparison.Ordinal));
        byte[] stranger = MarketRecordWriter.Seal(Encoding.ASCII.GetBytes(text[(text.IndexOf('|') + 1)..text.LastIndexOf('|')].Replace("dev-a", "dev-x", StringComparison.Ordinal)),
            new HmacSha256Signer("k1", new byte[32]));

        Assert.Equal(AppendOutcome.Rejected, day.Ingest("dev-a", "event", unsigned));
        Assert.Equal(AppendOutcome.Rejected, day.Ingest("dev-a", "event", forged));
        Assert.Equal(AppendOutcome.Appended, day.Ingest("dev-a", "event", good));
        Assert.Equal(AppendOutcome.Duplicate, day.Ingest("dev-a", "event", good)); // the same bytes again: one entry
        Assert.Equal(AppendOutcome.Rejected, day.Ingest("dev-x", "event", stranger)); // no key for it in the registry

        Assert.Equal(entries + 1, day.Ledger.LastIndex);
        Assert.Equal(1, day.Ingestor.Counters.RejectedFor(RejectReason.BadSignature));
        Assert.Equal(1, day.Ingestor.Counters.Duplicates);
        Assert.Equal(2, day.Ingestor.Counters.RejectedFor(RejectReason.Malformed) + day.Ingestor.Counters.RejectedFor(RejectReason.UnknownDevice)
            + day.Ingestor.Counters.RejectedFor(RejectReason.UnknownKey));

        await day.RunAsync(Start + (10 * 60_000), 10);
        MarketLedgerView view = new();
        view.LoadNew(day.LedgerPath);
        MarketRecord result = view.ResultFor(slot)!;
        // The book saw only what the chain took: the good order and the day's own, none rejected here for the forged ones.
        Assert.DoesNotContain(view.OrdersFor(slot), o => o.Device == "dev-x" || o.WattHours == 99);
        Assert.Contains(view.OrdersFor(slot), o => o.Device == "dev-a" && o.WattHours == 10);
        Assert.NotNull(result);
    }

    [Fact]
    public async Task Orders_that_are_late_far_off_absurd_mispriced_or_from_a_device_without_rated_power_stay_out_of_the_book_with_their_reason()
    {
        using MarketDay day = new();
        day.Registry.Set("dev-z", "k1", MarketDay.Key("dev-z", 1)); // signed and chained, but not in the params' rated powers
        await day.RunAsync(Start, 5);
        long slot = Start + 900_000; // its gate closes at Start + 14 min
        long farSlot = slot + (2 * 86_400_000); // beyond ahead_hours (24 h)
        day.Ingest("dev-b", "event", day.Order("dev-b", slot, "sell", 1_000_000, 150_000));
        day.Ingest("dev-b", "event", day.Order("dev-b", slot, "buy", 10, 10_000_000));
        day.Ingest("dev-c", "event", day.Order("dev-c", slot, "sell", 10, 1));
        day.Ingest("dev-z", "event", day.Order("dev-z", slot, "buy", 10, 150_000));
        day.Ingest("dev-a", "event", day.Order("dev-a", farSlot, "sell", 10, 150_000));
        // At Start + 14 min the gate has closed: an order received then, before the runner clears, is late.
        day.BeforeTick = now =>
        {
            if (now == slot - 60_000)
            {
                day.Ingest("dev-a", "event", day.Order("dev-a", slot, "buy", 10, 150_000));
            }
        };
        await day.RunAsync(Start + (5 * 60_000), 12);

        MarketLedgerView view = new();
        view.LoadNew(day.LedgerPath);
        Dictionary<long, string> reasons = view.ResultFor(slot)!.Root.GetProperty("rejected").EnumerateArray()
            .ToDictionary(r => r.GetProperty("idx").GetInt64(), r => r.GetProperty("reason").GetString()!);
        string ReasonOf(string device, string side, long wh) => reasons[view.OrdersFor(slot).Single(o => o.Device == device && o.Side == side && o.WattHours == wh).Index];
        Assert.Equal(OrderRejectionReasons.Quantity, ReasonOf("dev-b", "sell", 1_000_000));
        Assert.Equal(OrderRejectionReasons.PriceAboveImport, ReasonOf("dev-b", "buy", 10));
        Assert.Equal(OrderRejectionReasons.PriceBelowFeedIn, ReasonOf("dev-c", "sell", 10));
        Assert.Equal(OrderRejectionReasons.UnknownDevice, ReasonOf("dev-z", "buy", 10));
        Assert.Equal(OrderRejectionReasons.Late, ReasonOf("dev-a", "buy", 10));

        // The far slot's order is judged when that slot clears; its book would refuse it as too far ahead.
        OrderBook far = MarketEngine.Book(view, farSlot).Book;
        Assert.Equal(OrderRejectionReasons.TooFarAhead, Assert.Single(far.Rejected).Reason);

        // `ec-gateway market` counts them by reason.
        MarketRunSummary summary = MarketRunSummary.Of(view);
        Assert.True(summary.RejectedByReason[OrderRejectionReasons.Late] >= 1);
        Assert.True(summary.RejectedByReason[OrderRejectionReasons.UnknownDevice] >= 1);
    }
}
