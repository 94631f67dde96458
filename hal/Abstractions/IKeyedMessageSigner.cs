namespace EdgeController.Hal
{
    /// <summary>
    /// A message signer whose key can be replaced at run time (console key provisioning and
    /// rotation). The key goes in and never comes back out.
    /// </summary>
    public interface IKeyedMessageSigner : IMessageSigner
    {
        /// <summary>True once a key is loaded; before that <see cref="IMessageSigner.KeyId"/> is "none".</summary>
        bool HasKey { get; }

        /// <summary>Replaces the key; the implementation keeps its own copy of key.</summary>
        void SetKey(string keyId, byte[] key);
    }
}
