namespace EdgeController.Core.Signing
{
    /// <summary>What <see cref="SignedEnvelopeReader"/> found in a message; reused between messages.</summary>
    public sealed class EnvelopeParts
    {
        /// <summary>The MAC from "sig", decoded.</summary>
        public readonly byte[] Mac = new byte[SignedEnvelope.MacBytes];

        /// <summary>Index of the payload's first byte in the message.</summary>
        public int PayloadOffset;

        /// <summary>Bytes of payload: exactly what was signed.</summary>
        public int PayloadLength;

        /// <summary>The key id of the signature block.</summary>
        public string KeyId;

        /// <summary>The device id read from the payload's fixed header (unverified until the MAC is).</summary>
        public string DeviceId;
    }
}
