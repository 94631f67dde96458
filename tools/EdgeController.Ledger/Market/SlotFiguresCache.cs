namespace EdgeController.Ledger.Market;

/// <summary>
/// The replay's memory of the last slot it settled: a pass writes a record per awarded device
/// from the same readings, so the slot's figures are computed once per pass, not once per record
/// (which would cost the square of the devices). Valid while the view has the same readings and
/// the same result for the slot.
/// </summary>
internal sealed class SlotFiguresCache
{
    private (long Slot, long ReadingCount, long ResultIndex, IReadOnlyList<MarketSettlement>? Figures)? _last;

    /// <summary>The slot's figures (see <see cref="MarketEngine.SlotFigures"/>) as the view gives them now.</summary>
    public IReadOnlyList<MarketSettlement>? Of(MarketLedgerView view, long slot)
    {
        long resultIndex = view.ResultFor(slot)?.Index ?? 0;
        if (_last is { } last && last.Slot == slot && last.ReadingCount == view.ReadingCount && last.ResultIndex == resultIndex)
        {
            return last.Figures;
        }

        IReadOnlyList<MarketSettlement>? figures = MarketEngine.SlotFigures(view, slot);
        _last = (slot, view.ReadingCount, resultIndex, figures);
        return figures;
    }
}
