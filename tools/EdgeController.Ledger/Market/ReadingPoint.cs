namespace EdgeController.Ledger.Market;

/// <summary>A signed reading's grid registers (grid_fwd_mwh = import, grid_rev_mwh = export) at its device time, with its ledger idx and hash.</summary>
public sealed record ReadingPoint(long Index, string Device, long DeviceTimeMilliseconds, long ImportMilliwattHours, long ExportMilliwattHours, string HashHex);
