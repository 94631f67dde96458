using EdgeController.Ledger.Market;

namespace EdgeController.Market.Tests;

/// <summary>Short builders of book orders for the clearing tests.</summary>
internal static class Orders
{
    public static MarketOrder Buy(long idx, string dev, long wh, long price) => new(idx, dev, idx, 0, 0, MarketSide.Buy, wh, price);

    public static MarketOrder Sell(long idx, string dev, long wh, long price) => new(idx, dev, idx, 0, 0, MarketSide.Sell, wh, price);

    public static readonly SlotPrices Prices = new(400, 100);
}
