namespace EdgeController.Core.Tariffs
{
    /// <summary>
    /// The gateway's tariff, in one of two forms, microcurrencyPerKilowattHour (negative when the
    /// grid pays for taking energy), valid in a window [from, until) of Unix milliseconds:
    /// <list type="bullet">
    /// <item>an hourly table (tariff v1, <see cref="Set"/>): one import price per UTC hour of day, repeating;</item>
    /// <item>a schedule of slots (tariff v2, <see cref="SetSlots"/>): up to 144 consecutive slots of
    /// 15 or 60 minutes from "from", import and optionally export prices each (a day-ahead
    /// publication at 13:00 covers the rest of today and tomorrow: 35 h, 140 quarter hours).</item>
    /// </list>
    /// Filled by the command processor from a verified "tariff" command; empty until the first
    /// one. Thread-safe.
    /// </summary>
    public sealed class TariffSchedule
    {
        /// <summary>Prices in a table.</summary>
        public const int HoursPerDay = 24;

        /// <summary>Slots in a schedule at most (36 h of 15 minutes).</summary>
        public const int MaximumSlots = 144;

        private const long MillisecondsPerHour = 3600000;
        private const long MillisecondsPerMinute = 60000;

        private readonly long[] _pricesMicrocurrencyPerKilowattHour = new long[MaximumSlots];
        private readonly long[] _exportMicrocurrencyPerKilowattHour = new long[MaximumSlots];
        private int _slotCount;
        private int _stepMinutes;
        private bool _hasExport;
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

                priceMicrocurrencyPerKilowattHour = _pricesMicrocurrencyPerKilowattHour[IndexAt(unixMilliseconds)];
                return true;
            }
        }

        /// <summary>Minutes per slot of a v2 schedule, 0 for an hourly table (or none).</summary>
        public int StepMinutes
        {
            get
            {
                lock (_sync)
                {
                    return _stepMinutes;
                }
            }
        }

        /// <summary>
        /// Import and (when the schedule carries them) export prices at unixMilliseconds. False when
        /// no table is active then; hasExport false when the table has import prices only.
        /// </summary>
        public bool TryGetPricesAt(long unixMilliseconds, out long importMicrocurrencyPerKilowattHour, out bool hasExport, out long exportMicrocurrencyPerKilowattHour)
        {
            lock (_sync)
            {
                importMicrocurrencyPerKilowattHour = 0;
                exportMicrocurrencyPerKilowattHour = 0;
                hasExport = false;
                if (!IsActiveAt(unixMilliseconds))
                {
                    return false;
                }

                int index = IndexAt(unixMilliseconds);
                importMicrocurrencyPerKilowattHour = _pricesMicrocurrencyPerKilowattHour[index];
                hasExport = _hasExport;
                exportMicrocurrencyPerKilowattHour = _hasExport ? _exportMicrocurrencyPerKilowattHour[index] : 0;
                return true;
            }
        }

        /// <summary>
        /// Replaces the table with a schedule of count slots of stepMinutes (15 or 60) from
        /// validFrom (copies the prices; export may be null: import prices only). The window ends
        /// after the last slot.
        /// </summary>
        public void SetSlots(long commandSequence, long validFromUnixMilliseconds, int stepMinutes, long[] importMicrocurrencyPerKilowattHour, long[] exportMicrocurrencyPerKilowattHour, int count)
        {
            if (stepMinutes != 15 && stepMinutes != 60)
            {
                throw new System.ArgumentException("slots of 15 or 60 minutes");
            }

            if (importMicrocurrencyPerKilowattHour == null || count < 1 || count > MaximumSlots || importMicrocurrencyPerKilowattHour.Length < count
                || (exportMicrocurrencyPerKilowattHour != null && exportMicrocurrencyPerKilowattHour.Length < count))
            {
                throw new System.ArgumentException("1 to 144 prices");
            }

            lock (_sync)
            {
                System.Array.Copy(importMicrocurrencyPerKilowattHour, _pricesMicrocurrencyPerKilowattHour, count);
                _hasExport = exportMicrocurrencyPerKilowattHour != null;
                if (_hasExport)
                {
                    System.Array.Copy(exportMicrocurrencyPerKilowattHour, _exportMicrocurrencyPerKilowattHour, count);
                }

                _slotCount = count;
                _stepMinutes = stepMinutes;
                _commandSequence = commandSequence;
                _validFromUnixMilliseconds = validFromUnixMilliseconds;
                _validUntilUnixMilliseconds = validFromUnixMilliseconds + (count * stepMinutes * MillisecondsPerMinute);
            }
        }

        /// <summary>The hourly table's price for an hour of day 0..23 (UTC), whether active or not (a v2 schedule: its slot of that index).</summary>
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
                _slotCount = HoursPerDay;
                _stepMinutes = 0;
                _hasExport = false;
                _commandSequence = commandSequence;
                _validFromUnixMilliseconds = validFromUnixMilliseconds;
                _validUntilUnixMilliseconds = validUntilUnixMilliseconds;
            }
        }

        private int IndexAt(long unixMilliseconds)
        {
            if (_stepMinutes == 0)
            {
                return HourOfDay(unixMilliseconds);
            }

            long index = (unixMilliseconds - _validFromUnixMilliseconds) / (_stepMinutes * MillisecondsPerMinute);
            return index >= _slotCount ? _slotCount - 1 : (int)index;
        }
    }
}
