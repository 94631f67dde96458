namespace EdgeController.Core.Settings
{
    /// <summary>Length and character-range checks of setting text, one loop for every rule that needs one.</summary>
    public static class AsciiText
    {
        /// <summary>True when text has minLength..maxLength characters, each in first..last.</summary>
        public static bool HasOnly(string text, int minLength, int maxLength, char first, char last)
        {
            if (text == null || text.Length < minLength || text.Length > maxLength)
            {
                return false;
            }

            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] < first || text[i] > last)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// text as an error message may echo it: at most 24 characters, then "...". A line
        /// typed at the console can hold a key's hex, and a reply must never repeat a key whole.
        /// </summary>
        public static string Clip(string text)
        {
            return text.Length <= 24 ? text : text.Substring(0, 24) + "...";
        }
    }
}
