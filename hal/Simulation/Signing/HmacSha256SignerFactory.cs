namespace EdgeController.Hal.Simulation.Signing;

/// <summary>Makes the BCL's HMAC-SHA256 signers for Core's composition root on a PC.</summary>
public sealed class HmacSha256SignerFactory : IMessageSignerFactory
{
    /// <inheritdoc />
    public IKeyedMessageSigner Create(string keyId, byte[] key) => key is null ? new HmacSha256Signer() : new HmacSha256Signer(keyId, key);
}
