namespace EdgeController.Core.Planning
{
    /// <summary>
    /// The prices the planner looks ahead over, in 15-minute slots: slot 0 is the slot that
    /// contains now, up to <see cref="MaximumSlots"/> (36 h). Filled by the tariff follower at
    /// every slot boundary and whenever the gateway's schedule changes; empty (Count 0) while
    /// nothing fills it, when the planner reads its hourly <see cref="TimeOfUseTariff"/> instead.
    /// Preallocated: filling it allocates nothing.
    /// </summary>
    public sealed class ForwardPrices
    {
        /// <summary>Slots at most: 36 hours of 15 minutes (a day-ahead table published at 13:00 reaches 35 h ahead).</summary>
        public const int MaximumSlots = 144;

        /// <summary>Length of a slot, minutes.</summary>
        public const int SlotMinutes = 15;

        private readonly int[] _importMicrocurrencyPerKilowattHour = new int[MaximumSlots];
        private readonly int[] _exportMicrocurrencyPerKilowattHour = new int[MaximumSlots];

        /// <summary>Slots filled, from slot 0 (0 = none: use the hourly tariff).</summary>
        public int Count { get; private set; }

        /// <summary>Of <see cref="Count"/>, the slots whose prices were published (the rest repeat the price a day earlier).</summary>
        public int PublishedCount { get; private set; }

        /// <summary>Changes with every refill, so the planner knows to plan again.</summary>
        public int Version { get; private set; }

        /// <summary>Import price of a slot ahead (0 = now), microcurrency per kWh; the last slot's for any beyond Count.</summary>
        public int ImportAt(int slot)
        {
            return _importMicrocurrencyPerKilowattHour[Clamp(slot)];
        }

        /// <summary>Export price of a slot ahead, microcurrency per kWh.</summary>
        public int ExportAt(int slot)
        {
            return _exportMicrocurrencyPerKilowattHour[Clamp(slot)];
        }

        /// <summary>Starts a refill: nothing is valid until <see cref="EndFill"/>.</summary>
        public void BeginFill()
        {
            Count = 0;
            PublishedCount = 0;
        }

        /// <summary>Appends the next slot's prices; false when full.</summary>
        public bool Append(int importMicrocurrencyPerKilowattHour, int exportMicrocurrencyPerKilowattHour, bool published)
        {
            if (Count >= MaximumSlots)
            {
                return false;
            }

            _importMicrocurrencyPerKilowattHour[Count] = importMicrocurrencyPerKilowattHour;
            _exportMicrocurrencyPerKilowattHour[Count] = exportMicrocurrencyPerKilowattHour;
            if (published && PublishedCount == Count)
            {
                PublishedCount++;
            }

            Count++;
            return true;
        }

        /// <summary>Ends a refill and marks it as new.</summary>
        public void EndFill()
        {
            Version++;
        }

        /// <summary>Empties the table (the planner falls back to the hourly tariff).</summary>
        public void Clear()
        {
            Count = 0;
            PublishedCount = 0;
            Version++;
        }

        private int Clamp(int slot)
        {
            if (slot < 0)
            {
                return 0;
            }

            int last = Count > 0 ? Count - 1 : 0;
            return slot > last ? last : slot;
        }
    }
}
