using EdgeController.Ledger.Market;

namespace EdgeController.Market.Tests;

/// <summary>Every reason the book keeps an order out, each on its own.</summary>
public sealed class OrderBookTests
{
    private const long Slot = 900_000L * 2_000_000;
    private static readonly MarketParameters Parameters = new(
        MarketParameters.DefaultSlotMilliseconds, MarketParameters.DefaultGateClosureMilliseconds, 3_600_000, MarketScheme.UniformK05,
        new SlotPrices(400_000, 100_000), new Dictionary<long, SlotPrices> { [Slot] = new(300_000, 50_000) },
        new Dictionary<string, long> { ["a"] = 4000 });

    private static MarketOrder Order(string side = "buy", long wh = 100, long price = 200_000, string dev = "a", long received = Slot - 300_000, bool malformed = false, long seq = 1, long idx = 1) =>
        new(idx, dev, seq, received, Slot, side, wh, price, malformed);

    private static string? Reason(MarketOrder order) => OrderBook.Build(Slot, [order], Parameters).Rejected.SingleOrDefault()?.Reason;

    [Fact]
    public void A_good_order_enters_the_book() => Assert.Null(Reason(Order()));

    [Theory]
    [InlineData(OrderRejectionReasons.UnknownDevice)]
    [InlineData(OrderRejectionReasons.Late)]
    [InlineData(OrderRejectionReasons.SlotPast)]
    [InlineData(OrderRejectionReasons.TooFarAhead)]
    [InlineData(OrderRejectionReasons.Quantity)]
    [InlineData(OrderRejectionReasons.PriceAboveImport)]
    [InlineData(OrderRejectionReasons.PriceBelowFeedIn)]
    [InlineData(OrderRejectionReasons.Malformed)]
    public void Each_bad_order_is_rejected_with_its_reason(string reason)
    {
        MarketOrder order = reason switch
        {
            OrderRejectionReasons.UnknownDevice => Order(dev: "stranger"),
            OrderRejectionReasons.Late => Order(received: Slot - 60_000), // at gate closure
            OrderRejectionReasons.SlotPast => Order(received: Slot + 900_000),
            OrderRejectionReasons.TooFarAhead => Order(received: Slot - 3_600_001),
            OrderRejectionReasons.Quantity => Order(wh: 1001), // 4000 W x 15 min = 1000 Wh
            OrderRejectionReasons.PriceAboveImport => Order(price: 300_001), // the slot's own import price, not the default
            OrderRejectionReasons.PriceBelowFeedIn => Order(side: "sell", price: 49_999),
            _ => Order(side: "hold"),
        };
        Assert.Equal(reason, Reason(order));
    }

    [Fact]
    public void Edges_of_the_bounds_are_inside()
    {
        Assert.Null(Reason(Order(wh: 1000, price: 300_000)));
        Assert.Null(Reason(Order(side: "sell", price: 50_000)));
        Assert.Null(Reason(Order(received: Slot - 60_001)));
        Assert.Equal(OrderRejectionReasons.Quantity, Reason(Order(wh: 0)));
        Assert.Equal(OrderRejectionReasons.Malformed, Reason(Order(malformed: true)));
    }

    [Fact]
    public void The_higher_seq_replaces_the_other_whatever_arrived_first()
    {
        OrderBook book = OrderBook.Build(Slot, [Order(wh: 10, seq: 9, idx: 1), Order(wh: 20, seq: 5, idx: 2), Order(side: "sell", price: 60_000, idx: 3)], Parameters);
        Assert.Equal(10, book.Buys.Single().WattHours);
        Assert.Single(book.Sells);
        Assert.Equal([new OrderRejection(2, OrderRejectionReasons.Replaced)], book.Rejected);
    }

    [Fact]
    public void Without_params_nothing_enters()
    {
        OrderBook book = OrderBook.Build(Slot, [Order()], null);
        Assert.Empty(book.Buys);
        Assert.Equal(OrderRejectionReasons.NoParameters, book.Rejected.Single().Reason);
    }
}
