using EdgeController.Core.Signing;
using EdgeController.Hal;

namespace EdgeController.Core.Console
{
    /// <summary>
    /// What the console shows instead of a key, and how `key rotate` makes the next key without
    /// the key ever leaving the device. Both go through the device's HMAC (IMessageSigner), so
    /// Core needs no hash of its own:
    /// <list type="bullet">
    /// <item>fingerprint = the first 4 bytes, as 8 lowercase hex, of HMAC-SHA256(key, "fingerprint").
    /// Not the first bytes of SHA-256(key): an HMAC output says nothing about the key, and the
    /// provisioning tool computes the same with one openssl or .NET call.</item>
    /// <item>rotated key = HMAC-SHA256(old key, "ec-rotate|" + new kid). The gateway side (the
    /// provisioning tool's rotate) derives the same from the registry's copy of the old key, so
    /// nothing secret crosses the console. The price: whoever holds the old key can derive the
    /// new one, so after a suspected leak use a fresh random key with `key set` instead.</item>
    /// </list>
    /// </summary>
    public static class KeyFingerprint
    {
        /// <summary>The message whose MAC is the fingerprint.</summary>
        public const string FingerprintMessage = "fingerprint";

        /// <summary>The prefix of the message whose MAC is the rotated key.</summary>
        public const string RotationPrefix = "ec-rotate|";

        /// <summary>Hex characters of a fingerprint.</summary>
        public const int FingerprintHexCharacters = 8;

        /// <summary>The fingerprint of the signer's key.</summary>
        public static string Of(IMessageSigner signer)
        {
            byte[] mac = Mac(signer, FingerprintMessage);
            byte[] hex = new byte[FingerprintHexCharacters];
            HexEncoding.Encode(mac, 0, FingerprintHexCharacters / 2, hex, 0);
            char[] characters = new char[FingerprintHexCharacters];
            for (int i = 0; i < characters.Length; i++)
            {
                characters[i] = (char)hex[i];
            }

            return new string(characters);
        }

        /// <summary>The key that follows the signer's key under newKeyId.</summary>
        public static byte[] DeriveRotatedKey(IMessageSigner signer, string newKeyId)
        {
            return Mac(signer, RotationPrefix + newKeyId);
        }

        /// <summary>The key id after kid: "k7" becomes "k8"; any other id becomes "k2".</summary>
        public static string NextKeyId(string keyId)
        {
            if (keyId != null && keyId.Length >= 2 && keyId.Length <= 10 && keyId[0] == 'k')
            {
                long number = 0;
                for (int i = 1; i < keyId.Length; i++)
                {
                    char c = keyId[i];
                    if (c < '0' || c > '9')
                    {
                        return "k2";
                    }

                    number = (number * 10) + (c - '0');
                }

                return "k" + (number + 1).ToString();
            }

            return "k2";
        }

        private static byte[] Mac(IMessageSigner signer, string message)
        {
            byte[] data = new byte[message.Length];
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = (byte)message[i];
            }

            byte[] mac = new byte[SignedEnvelope.MacBytes];
            signer.ComputeMac(data, 0, data.Length, mac);
            return mac;
        }
    }
}
