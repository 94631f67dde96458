namespace EdgeController.Ledger;

/// <summary>The key registry file cannot be used; the message names the file and the entry.</summary>
public sealed class KeyRegistryException(string message) : Exception(message);
