namespace EdgeController.Hal.Esp32
{
    /// <summary>
    /// The blob names <see cref="FlashFileStore"/> takes as file names on I:\: 1..32 of letters,
    /// digits, '.', '-' and '_', not starting with '.'. It is Core's BlobNames rule, stated again
    /// because hal/Esp32 depends on hal/Abstractions only; tests/EdgeController.DeviceProjects.Tests
    /// compiles this file on the host and holds it to BlobNames' answers.
    /// </summary>
    internal static class FlashFileNames
    {
        /// <summary>The longest name: file names on the ESP32's internal drive are short.</summary>
        internal const int MaxLength = 32;

        /// <summary>True when name follows the rule.</summary>
        internal static bool IsValid(string name)
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
