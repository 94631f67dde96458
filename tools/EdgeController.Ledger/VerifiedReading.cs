namespace EdgeController.Ledger;

/// <summary>
/// A message whose signature checked out, with the payload fields the ledger needs: for an event
/// its "ev", and for a "dropped" event the first and last seq it reports dropped (0 otherwise).
/// </summary>
public sealed record VerifiedReading(string DeviceId, string KeyId, long Sequence, long BootCount, long DeviceTimeMilliseconds,
    string? EventKind = null, long DroppedFirst = 0, long DroppedLast = 0)
{
    /// <summary>The "ev" of the device's signed report of readings it had to drop.</summary>
    public const string DroppedEventKind = "dropped";

    /// <summary>True for a dropped event that names a range (first..last, both at least 1).</summary>
    public bool ReportsDropped => EventKind == DroppedEventKind && DroppedFirst >= 1 && DroppedLast >= DroppedFirst;
}
