using EdgeController.Hal;
using EdgeController.Hal.Simulation.Signing;

namespace EdgeController.Ledger.Market;

/// <summary>Signs awards with the registry's kid "cmd" of each device.</summary>
public sealed class RegistryAwardSigner(KeyRegistry registry) : IAwardSigner
{
    /// <summary>The kid of the gateway's command key in the registry.</summary>
    public const string CommandKeyId = "cmd";

    /// <inheritdoc />
    public IMessageSigner? CommandSignerFor(string deviceId) =>
        registry.TryGetKey(deviceId, CommandKeyId, out byte[] key) ? new HmacSha256Signer(CommandKeyId, key) : null;
}
