namespace EdgeController.Ledger;

/// <summary>A message whose signature checked out, with the payload fields the ledger needs.</summary>
public sealed record VerifiedReading(string DeviceId, string KeyId, long Sequence, long BootCount, long DeviceTimeMilliseconds);
