namespace EdgeController.Core.Settings
{
    /// <summary>
    /// Strict decimal integers for typed input: an optional '-', then 1..10 digits, nothing else
    /// (no '+', spaces, separators or exponents), so the device and the host read the same text
    /// the same way whatever their runtime's parser accepts.
    /// </summary>
    public static class DecimalText
    {
        /// <summary>Parses text as an int; false when it is not exactly a decimal int in range.</summary>
        public static bool TryParseInt32(string text, out int value)
        {
            value = 0;
            if (text == null || text.Length == 0 || text.Length > 11)
            {
                return false;
            }

            bool negative = text[0] == '-';
            int start = negative ? 1 : 0;
            if (start == text.Length)
            {
                return false;
            }

            long magnitude = 0;
            for (int i = start; i < text.Length; i++)
            {
                char c = text[i];
                if (c < '0' || c > '9')
                {
                    return false;
                }

                magnitude = (magnitude * 10) + (c - '0');
            }

            long signed = negative ? -magnitude : magnitude;
            if (signed < int.MinValue || signed > int.MaxValue)
            {
                return false;
            }

            value = (int)signed;
            return true;
        }

        /// <summary>True when text is 1..maxLength digits.</summary>
        public static bool IsDigits(string text, int minLength, int maxLength)
        {
            return AsciiText.HasOnly(text, minLength, maxLength, '0', '9');
        }
    }
}
