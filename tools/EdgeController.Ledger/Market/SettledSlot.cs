namespace EdgeController.Ledger.Market;

/// <summary>A slot's last settlement pass: the idx it ended at and, per device, the device time of the reading its slot end rested on.</summary>
internal sealed record SettledSlot(long Slot, long SettledIndex, IReadOnlyDictionary<string, long> EndRestsOn);
