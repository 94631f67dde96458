namespace EdgeController.Core.Signing
{
    /// <summary>Why a message is not a well-formed signed envelope. Gateways count rejections by these.</summary>
    public enum EnvelopeError
    {
        /// <summary>Well formed (the signature itself is not checked yet).</summary>
        None = 0,

        /// <summary>Empty, or longer than the reader accepts.</summary>
        BadLength = 1,

        /// <summary>A byte outside printable ASCII.</summary>
        NotAscii = 2,

        /// <summary>Fewer than two '|' separators.</summary>
        MissingSeparator = 3,

        /// <summary>The text before the first '|' is not "EC1".</summary>
        UnknownVersion = 4,

        /// <summary>The signature block is not {"alg":...,"kid":...,"sig":...} as specified.</summary>
        MalformedSignatureBlock = 5,

        /// <summary>The signature block names an algorithm other than HS256.</summary>
        UnsupportedAlgorithm = 6,

        /// <summary>The key id is empty, too long or has characters outside [A-Za-z0-9_-].</summary>
        BadKeyId = 7,

        /// <summary>"sig" is not 64 lowercase hex characters.</summary>
        BadSignatureEncoding = 8,

        /// <summary>The payload does not start with {"v":1,"dev":"&lt;device id&gt;".</summary>
        MalformedPayloadHeader = 9,
    }
}
