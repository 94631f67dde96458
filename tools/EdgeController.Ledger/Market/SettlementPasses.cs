namespace EdgeController.Ledger.Market;

/// <summary>
/// The replay's check that "netted" settlements come in whole passes: a pass is one record per
/// device the slot's result awards something to, in ordinal order, as consecutive ledger entries
/// (the runner appends it in one transaction). Each record already reproduces from the entries
/// below it; this adds that no device of a slot is left on an older pass, whose netting rested on
/// other deviations, so the newest records of a slot always net to exactly zero. "Grid"
/// settlements stand alone and may come one by one (ledgers from before netting).
/// </summary>
internal sealed class SettlementPasses
{
    private long _slot;
    private IReadOnlyList<string> _devices = [];
    private int _next;
    private long _lastIndex;

    /// <summary>Takes the next ledger entry (record: the `_market` record when it reproduced, else null); a problem names the entry where the pass broke off.</summary>
    public (long Index, string Problem)? Next(MarketLedgerView view, long index, MarketRecord? record)
    {
        bool netted = record is not null && record.Kind == MarketRecordWriter.SettlementKind && record.Root.TryGetProperty("netted_mwh", out _);
        string device = netted ? record!.Root.GetProperty("device").GetString() ?? "" : "";
        long slot = netted ? MarketLedgerView.Integer(record!.Root, "slot") ?? 0 : 0;
        if (_next < _devices.Count)
        {
            if (!netted || slot != _slot || device != _devices[_next])
            {
                return (_lastIndex, $"the settlement pass of slot {_slot} ends at idx {_lastIndex} without '{_devices[_next]}' (a pass settles every awarded device, in consecutive entries)");
            }

            _next++;
            _lastIndex = index;
            return null;
        }

        if (!netted)
        {
            return null;
        }

        _devices = MarketEngine.AwardedDevices(view.ResultFor(slot)!);
        if (_devices.Count == 0 || _devices[0] != device)
        {
            return (index, $"a settlement pass of slot {slot} starts with '{device}', not with '{(_devices.Count > 0 ? _devices[0] : "")}'");
        }

        (_slot, _next, _lastIndex) = (slot, 1, index);
        return null;
    }

    /// <summary>At the end of the ledger: a pass still open is a problem.</summary>
    public (long Index, string Problem)? End() =>
        _next < _devices.Count ? (_lastIndex, $"the settlement pass of slot {_slot} ends at idx {_lastIndex} without '{_devices[_next]}' (the ledger ends)") : null;
}
