namespace EdgeController.Ledger.Market;

/// <summary>One cleared slot as the ledger has it: the book at gate closure, the result record, and its settlements (corrections included) in idx order.</summary>
public sealed record SlotHistory(long Slot, OrderBook Book, MarketRecord Result, List<MarketRecord> Settlements);
