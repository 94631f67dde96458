namespace EdgeController.Core.Signing
{
    /// <summary>
    /// Splits a message into payload and signature exactly as docs/design.md says: at the first
    /// and the last '|'. It reads only what a verifier needs before checking the MAC (the key id,
    /// the MAC and the device id from the payload's fixed header); the payload is parsed only
    /// after the MAC matched.
    /// </summary>
    public static class SignedEnvelopeReader
    {
        /// <summary>Messages longer than this are refused before any work: a reading is a few hundred bytes.</summary>
        public const int MaxMessageBytes = 4096;

        private const string PayloadHeader = "{\"v\":1,\"dev\":\"";
        private const int VersionDigitOffset = 5;
        private const string AlgorithmKeyStart = "{\"alg\":\"";

        /// <summary>Parses message[0..length) into parts; the payload must open with {"v":1,"dev":"...".</summary>
        public static EnvelopeError TryParse(byte[] message, int length, EnvelopeParts parts)
        {
            return TryParse(message, length, parts, 1);
        }

        /// <summary>
        /// Parses message[0..length) into parts, taking payload versions 1 to highestPayloadVersion
        /// (at most 9) in the header: a command processor that reads tariff v2 passes 2, while the
        /// ledger's readings and events stay at version 1.
        /// </summary>
        public static EnvelopeError TryParse(byte[] message, int length, EnvelopeParts parts, int highestPayloadVersion)
        {
            if (length <= 0 || length > MaxMessageBytes || length > message.Length)
            {
                return EnvelopeError.BadLength;
            }

            int first = -1;
            int last = -1;
            for (int i = 0; i < length; i++)
            {
                byte b = message[i];
                if (b < 0x20 || b > 0x7E)
                {
                    return EnvelopeError.NotAscii;
                }

                if (b == (byte)'|')
                {
                    if (first < 0)
                    {
                        first = i;
                    }

                    last = i;
                }
            }

            if (first < 0 || first == last)
            {
                return EnvelopeError.MissingSeparator;
            }

            if (first != SignedEnvelope.Prefix.Length - 1 || !Matches(message, 0, SignedEnvelope.Prefix))
            {
                return EnvelopeError.UnknownVersion;
            }

            EnvelopeError signatureError = ParseSignatureBlock(message, last + 1, length, parts);
            if (signatureError != EnvelopeError.None)
            {
                return signatureError;
            }

            parts.PayloadOffset = first + 1;
            parts.PayloadLength = last - first - 1;
            string deviceId = ReadId(message, parts.PayloadOffset + PayloadHeader.Length, last);
            if (parts.PayloadLength <= PayloadHeader.Length
                || !MatchesHeader(message, parts.PayloadOffset, highestPayloadVersion)
                || deviceId == null)
            {
                return EnvelopeError.MalformedPayloadHeader;
            }

            parts.DeviceId = deviceId;
            return EnvelopeError.None;
        }

        private static EnvelopeError ParseSignatureBlock(byte[] message, int start, int end, EnvelopeParts parts)
        {
            if (!Matches(message, start, SignedEnvelope.SignatureBlockStart, end))
            {
                return Matches(message, start, AlgorithmKeyStart, end)
                    ? EnvelopeError.UnsupportedAlgorithm
                    : EnvelopeError.MalformedSignatureBlock;
            }

            int keyIdStart = start + SignedEnvelope.SignatureBlockStart.Length;
            string keyId = ReadId(message, keyIdStart, end);
            if (keyId == null)
            {
                return EnvelopeError.BadKeyId;
            }

            int middle = keyIdStart + keyId.Length;
            if (!Matches(message, middle, SignedEnvelope.SignatureBlockMiddle, end))
            {
                return EnvelopeError.MalformedSignatureBlock;
            }

            int hexStart = middle + SignedEnvelope.SignatureBlockMiddle.Length;
            int hexEnd = hexStart + SignedEnvelope.MacHexCharacters;
            if (hexEnd + SignedEnvelope.SignatureBlockEnd.Length != end
                || !Matches(message, hexEnd, SignedEnvelope.SignatureBlockEnd, end))
            {
                return end - hexStart == SignedEnvelope.MacHexCharacters + SignedEnvelope.SignatureBlockEnd.Length
                    ? EnvelopeError.MalformedSignatureBlock
                    : EnvelopeError.BadSignatureEncoding;
            }

            if (!HexEncoding.TryDecodeLowercase(message, hexStart, SignedEnvelope.MacBytes, parts.Mac))
            {
                return EnvelopeError.BadSignatureEncoding;
            }

            parts.KeyId = keyId;
            return EnvelopeError.None;
        }

        /// <summary>Reads [A-Za-z0-9_-]{1,32} up to a closing '"' before end, or null.</summary>
        private static string ReadId(byte[] message, int start, int end)
        {
            int i = start;
            while (i < end && i - start <= Identifiers.MaxLength && Identifiers.IsIdCharacter((char)message[i]))
            {
                i++;
            }

            int idLength = i - start;
            if (idLength == 0 || idLength > Identifiers.MaxLength || i >= end || message[i] != (byte)'"')
            {
                return null;
            }

            char[] characters = new char[idLength];
            for (int k = 0; k < idLength; k++)
            {
                characters[k] = (char)message[start + k];
            }

            return new string(characters);
        }

        /// <summary>{"v":N,"dev":" with N from 1 to highestVersion.</summary>
        private static bool MatchesHeader(byte[] message, int start, int highestVersion)
        {
            if (start < 0 || start + PayloadHeader.Length > message.Length)
            {
                return false;
            }

            for (int i = 0; i < PayloadHeader.Length; i++)
            {
                byte b = message[start + i];
                if (i == VersionDigitOffset ? (b < (byte)'1' || b > (byte)('0' + highestVersion) || b > (byte)'9') : b != (byte)PayloadHeader[i])
                {
                    return false;
                }
            }

            return true;
        }

        private static bool Matches(byte[] message, int start, string expected)
        {
            return Matches(message, start, expected, message.Length);
        }

        private static bool Matches(byte[] message, int start, string expected, int end)
        {
            if (start < 0 || start + expected.Length > end)
            {
                return false;
            }

            for (int i = 0; i < expected.Length; i++)
            {
                if (message[start + i] != (byte)expected[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
