using EdgeController.Hal;

namespace EdgeController.Ledger.Market;

/// <summary>
/// Gives the signer of a device's commands: its `cmd` key from the key registry (docs/design.md),
/// or null when the registry has none for it yet (the award is then not sent, and counted).
/// </summary>
public interface IAwardSigner
{
    /// <summary>The device's command signer, or null.</summary>
    IMessageSigner? CommandSignerFor(string deviceId);
}
