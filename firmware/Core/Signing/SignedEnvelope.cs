namespace EdgeController.Core.Signing
{
    /// <summary>
    /// The constant parts of the wire format of docs/design.md:
    /// <c>EC1|&lt;payload&gt;|{"alg":"HS256","kid":"&lt;key id&gt;","sig":"&lt;64 lowercase hex&gt;"}</c>.
    /// </summary>
    public static class SignedEnvelope
    {
        /// <summary>"EC1|": the version tag and the first separator.</summary>
        public const string Prefix = "EC1|";

        /// <summary>The signature block up to the key id.</summary>
        public const string SignatureBlockStart = "{\"alg\":\"HS256\",\"kid\":\"";

        /// <summary>Between the key id and the hex signature.</summary>
        public const string SignatureBlockMiddle = "\",\"sig\":\"";

        /// <summary>After the hex signature.</summary>
        public const string SignatureBlockEnd = "\"}";

        /// <summary>Bytes of an HMAC-SHA256.</summary>
        public const int MacBytes = 32;

        /// <summary>Hex characters of an HMAC-SHA256.</summary>
        public const int MacHexCharacters = 64;

        /// <summary>Bytes the envelope adds around a payload signed with a key id of the given length.</summary>
        public static int OverheadBytes(int keyIdLength)
        {
            return Prefix.Length + 1 + SignatureBlockStart.Length + keyIdLength
                + SignatureBlockMiddle.Length + MacHexCharacters + SignatureBlockEnd.Length;
        }
    }
}
