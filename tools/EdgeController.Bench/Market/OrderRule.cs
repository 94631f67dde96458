namespace EdgeController.Bench.Market;

/// <summary>How the bench's members derive their orders from the persistence forecast (yesterday's slot) and the slot running now.</summary>
public enum OrderRule
{
    /// <summary>The device's rule (MarketOrderPlanner): the forecast's quantity; a buy at its expected value per Wh, feed-in + (import − feed-in) × agreed / ordered, a sell at feed-in.</summary>
    ValuedBuys,

    /// <summary>The rule before: the forecast's quantity, a buy at the import price, a sell at feed-in.</summary>
    ImportPriceBuys,

    /// <summary>Only the quantity both forecasts agree on, a buy at the import price, a sell at feed-in.</summary>
    Conservative,
}
