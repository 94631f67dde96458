namespace EdgeController.Core.Console
{
    /// <summary>
    /// Unix milliseconds as "YYYY-MM-DDTHH:MM:SSZ", in integers only (days to a civil date by the
    /// proleptic Gregorian calendar), for the console's wall-clock time once the clock is synchronised.
    /// </summary>
    public static class UtcText
    {
        /// <summary>Formats a time at or after 1970-01-01 (an earlier one prints as 1970-01-01T00:00:00Z).</summary>
        public static string Format(long unixMilliseconds)
        {
            if (unixMilliseconds < 0)
            {
                unixMilliseconds = 0;
            }

            long seconds = unixMilliseconds / 1000;
            long days = seconds / 86400;
            long secondOfDay = seconds % 86400;

            // Civil date from days since 1970-01-01, counting eras of 400 years from 0000-03-01.
            long z = days + 719468;
            long era = z / 146097;
            long dayOfEra = z - (era * 146097);
            long yearOfEra = (dayOfEra - (dayOfEra / 1460) + (dayOfEra / 36524) - (dayOfEra / 146096)) / 365;
            long dayOfYear = dayOfEra - ((365 * yearOfEra) + (yearOfEra / 4) - (yearOfEra / 100));
            long monthIndex = ((5 * dayOfYear) + 2) / 153;
            long day = dayOfYear - (((153 * monthIndex) + 2) / 5) + 1;
            long month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
            long year = yearOfEra + (era * 400) + (month <= 2 ? 1 : 0);

            return Pad(year, 4) + "-" + Pad(month, 2) + "-" + Pad(day, 2) + "T"
                + Pad(secondOfDay / 3600, 2) + ":" + Pad((secondOfDay / 60) % 60, 2) + ":" + Pad(secondOfDay % 60, 2) + "Z";
        }

        private static string Pad(long value, int width)
        {
            string text = value.ToString();
            while (text.Length < width)
            {
                text = "0" + text;
            }

            return text;
        }
    }
}
