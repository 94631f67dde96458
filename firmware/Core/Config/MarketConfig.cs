namespace EdgeController.Core.Config
{
    /// <summary>
    /// The board config's <c>site.market</c> section: the site takes part in the gateway's local
    /// energy market (docs/design.md). Without the section the device posts no orders and follows
    /// no awards. The slot length must be the gateway's (its market settings file), the rated
    /// power the one the gateway's params give the device, or the book rejects what is above it.
    /// </summary>
    public sealed class MarketConfig
    {
        /// <summary>The default slot, minutes (the gateway's default).</summary>
        public const int DefaultSlotMinutes = 15;

        /// <summary>The default lead before the slot starts that orders go out, s (gate closure is 60 s before it by default).</summary>
        public const int DefaultOrderLeadSeconds = 300;

        /// <summary>Most the device trades in a slot, W: no order above rated power × slot length.</summary>
        public int RatedWatts { get; set; }

        /// <summary>Slot length, minutes; divides a day.</summary>
        public int SlotMinutes { get; set; }

        /// <summary>How long before a slot starts its orders are posted, s (must be before the gateway's gate closure).</summary>
        public int OrderLeadSeconds { get; set; }
    }
}
