namespace EdgeController.Ledger.Market;

/// <summary>Why the book keeps an order out, as spelled in a result's "rejected" list.</summary>
public static class OrderRejectionReasons
{
    /// <summary>A field is missing, not an integer, or side is neither buy nor sell.</summary>
    public const string Malformed = "malformed";

    /// <summary>The device has no rated power in the params: the market does not know it.</summary>
    public const string UnknownDevice = "unknown_device";

    /// <summary>Received after the slot had ended.</summary>
    public const string SlotPast = "slot_past";

    /// <summary>Received at or after gate closure (but before the slot ended).</summary>
    public const string Late = "late";

    /// <summary>Received more than the params' ahead window before the slot.</summary>
    public const string TooFarAhead = "too_far_ahead";

    /// <summary>wh not above 0 or above rated power × slot length.</summary>
    public const string Quantity = "quantity";

    /// <summary>A buy limit above the slot's import price.</summary>
    public const string PriceAboveImport = "price_above_import";

    /// <summary>A sell limit below the slot's feed-in price.</summary>
    public const string PriceBelowFeedIn = "price_below_feedin";

    /// <summary>A later order (higher seq) of the same device, slot and side replaced it.</summary>
    public const string Replaced = "replaced";

    /// <summary>No params record was in force before gate closure.</summary>
    public const string NoParameters = "no_params";
}
