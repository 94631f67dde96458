namespace EdgeController.Core
{
    /// <summary>
    /// Rules for the ids that appear in topics and payloads (site, device, key and channel ids):
    /// ASCII letters, digits, '-' and '_' only, so they need no escaping in JSON, cannot break
    /// an MQTT topic ('/', '+', '#') and cannot fake the envelope's '|' separators.
    /// </summary>
    public static class Identifiers
    {
        /// <summary>The longest site, device or key id.</summary>
        public const int MaxLength = 32;

        /// <summary>True when id is 1..maxLength characters of [A-Za-z0-9_-].</summary>
        public static bool IsValid(string id, int maxLength)
        {
            if (id == null || id.Length == 0 || id.Length > maxLength)
            {
                return false;
            }

            for (int i = 0; i < id.Length; i++)
            {
                if (!IsIdCharacter(id[i]))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>True when id is a valid site, device or key id (1..32 characters).</summary>
        public static bool IsValid(string id)
        {
            return IsValid(id, MaxLength);
        }

        /// <summary>True for [A-Za-z0-9_-].</summary>
        public static bool IsIdCharacter(char c)
        {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        }
    }
}
