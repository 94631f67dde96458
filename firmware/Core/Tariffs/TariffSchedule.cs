namespace EdgeController.Core.Tariffs
{
    /// <summary>
    /// The time-of-use tariff dispatch reads: one price per hour of the day (UTC), in
    /// microcurrencyPerKilowattHour (negative when the grid pays for taking energy), valid in a
    /// window [from, until) of Unix milliseconds. Filled by the command processor from a verified
    /// "tariff" command of the gateway; empty until the first one. Thread-safe.
    /// </summary>
    public sealed class TariffSchedule
    {
        /// <summary>Prices in a table.</summary>
        public const int HoursPerDay = 24;

        private const long MillisecondsPerHour = 3600000;

        private readonly long[] _pricesMicrocurrencyPerKilowattHour = new long[HoursPerDay];
        private readonly object _sync = new object();
        private long _validFromUnixMilliseconds;
        private long _validUntilUnixMilliseconds;
        private long _commandSequence;

        /// <summary>The cmdseq of the command that set the table (0 when none).</summary>
        public long CommandSequence
        {
            get
            {
                lock (_sync)
                {
                    return _commandSequence;
                }
            }
        }

        /// <summary>Start of the validity window, Unix milliseconds.</summary>
        public long ValidFromUnixMilliseconds
        {
            get
            {
                lock (_sync)
                {
                    return _validFromUnixMilliseconds;
                }
            }
        }

        /// <summary>End of the validity window (exclusive), Unix milliseconds.</summary>
        public long ValidUntilUnixMilliseconds
        {
            get
            {
                lock (_sync)
                {
                    return _validUntilUnixMilliseconds;
                }
            }
        }

        /// <summary>True when a table is set and unixMilliseconds is inside its window.</summary>
        public bool IsActiveAt(long unixMilliseconds)
        {
            lock (_sync)
            {
                return _commandSequence > 0
                    && unixMilliseconds >= _validFromUnixMilliseconds
                    && unixMilliseconds < _validUntilUnixMilliseconds;
            }
        }

        /// <summary>
        /// The price at unixMilliseconds (its UTC hour of day). False, and 0, when no table is
        /// active then: dispatch must then use its own default, not a price of zero.
        /// </summary>
        public bool TryGetPriceAt(long unixMilliseconds, out long priceMicrocurrencyPerKilowattHour)
        {
            lock (_sync)
            {
                priceMicrocurrencyPerKilowattHour = 0;
                if (!IsActiveAt(unixMilliseconds))
                {
                    return false;
                }

                priceMicrocurrencyPerKilowattHour = _pricesMicrocurrencyPerKilowattHour[HourOfDay(unixMilliseconds)];
                return true;
            }
        }

        /// <summary>The table's price for an hour of day 0..23 (UTC), whether active or not.</summary>
        public long PriceForHour(int hourOfDayUtc)
        {
            lock (_sync)
            {
                return _pricesMicrocurrencyPerKilowattHour[hourOfDayUtc];
            }
        }

        /// <summary>The UTC hour of day (0..23) of a Unix time at or after 1970.</summary>
        public static int HourOfDay(long unixMilliseconds)
        {
            long hours = unixMilliseconds / MillisecondsPerHour;
            return (int)(hours % HoursPerDay);
        }

        /// <summary>Replaces the table (copies prices, 24 values).</summary>
        public void Set(long commandSequence, long validFromUnixMilliseconds, long validUntilUnixMilliseconds, long[] pricesMicrocurrencyPerKilowattHour)
        {
            if (pricesMicrocurrencyPerKilowattHour == null || pricesMicrocurrencyPerKilowattHour.Length != HoursPerDay)
            {
                throw new System.ArgumentException("24 prices, one per hour of day");
            }

            lock (_sync)
            {
                System.Array.Copy(pricesMicrocurrencyPerKilowattHour, _pricesMicrocurrencyPerKilowattHour, HoursPerDay);
                _commandSequence = commandSequence;
                _validFromUnixMilliseconds = validFromUnixMilliseconds;
                _validUntilUnixMilliseconds = validUntilUnixMilliseconds;
            }
        }
    }
}
