namespace EdgeController.Core.Storage
{
    /// <summary>
    /// The rule for the names of blobs on an <see cref="Hal.INonVolatileStore"/>: 1..32 of
    /// letters, digits, '.', '-' and '_', not starting with '.'. The device's FlashFileStore
    /// stores a blob as the file I:\&lt;name&gt; and checks names here; the host's
    /// FolderNonVolatileStore (which may not depend on Core) states the same rule as a regular
    /// expression, and a host test holds the two to the same answers. Because both name a file
    /// exactly as its blob, a folder ec-provision writes copies to I:\ byte for byte.
    /// </summary>
    public static class BlobNames
    {
        /// <summary>The longest name: file names on the ESP32's internal drive are short.</summary>
        public const int MaxLength = 32;

        /// <summary>True when name follows the rule.</summary>
        public static bool IsValid(string name)
        {
            if (name == null || name.Length == 0 || name.Length > MaxLength || name[0] == '.')
            {
                return false;
            }

            for (int i = 0; i < name.Length; i++)
            {
                char c = name[i];
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
