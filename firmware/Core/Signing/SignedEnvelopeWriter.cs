using EdgeController.Hal;

namespace EdgeController.Core.Signing
{
    /// <summary>
    /// Seals a payload into the signed envelope in place: the caller writes the payload at
    /// <see cref="PayloadOffset"/> of the message buffer, then <see cref="Seal"/> signs exactly
    /// those bytes and writes the prefix and the signature block around them.
    /// </summary>
    public sealed class SignedEnvelopeWriter
    {
        private readonly IMessageSigner _signer;
        private readonly byte[] _mac = new byte[SignedEnvelope.MacBytes];

        /// <summary>Creates a writer that signs with the given key.</summary>
        public SignedEnvelopeWriter(IMessageSigner signer)
        {
            if (!Identifiers.IsValid(signer.KeyId))
            {
                throw new System.ArgumentException("key id must be 1..32 of [A-Za-z0-9_-]");
            }

            _signer = signer;
        }

        /// <summary>Where the payload starts in the message buffer.</summary>
        public static int PayloadOffset
        {
            get { return SignedEnvelope.Prefix.Length; }
        }

        /// <summary>The largest payload a message buffer of the given size can carry.</summary>
        public int MaxPayloadBytes(int messageBufferBytes)
        {
            return messageBufferBytes - SignedEnvelope.OverheadBytes(_signer.KeyId.Length);
        }

        /// <summary>
        /// Signs message[PayloadOffset..PayloadOffset+payloadLength) and completes the envelope.
        /// Returns the message length, or -1 if the buffer is too small.
        /// </summary>
        public int Seal(byte[] message, int payloadLength)
        {
            string keyId = _signer.KeyId;
            int total = payloadLength + SignedEnvelope.OverheadBytes(keyId.Length);
            if (payloadLength <= 0 || total > message.Length)
            {
                return -1;
            }

            _signer.ComputeMac(message, PayloadOffset, payloadLength, _mac);

            int position = PutAscii(message, 0, SignedEnvelope.Prefix);
            position += payloadLength;
            message[position++] = (byte)'|';
            position = PutAscii(message, position, SignedEnvelope.SignatureBlockStart);
            position = PutAscii(message, position, keyId);
            position = PutAscii(message, position, SignedEnvelope.SignatureBlockMiddle);
            HexEncoding.Encode(_mac, 0, SignedEnvelope.MacBytes, message, position);
            position += SignedEnvelope.MacHexCharacters;
            position = PutAscii(message, position, SignedEnvelope.SignatureBlockEnd);
            return position;
        }

        private static int PutAscii(byte[] destination, int position, string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                destination[position + i] = (byte)text[i];
            }

            return position + text.Length;
        }
    }
}
