using EdgeController.Core.Planning;
using EdgeController.Core.Storage;
using EdgeController.Hal;

namespace EdgeController.Core.Control
{
    /// <summary>
    /// The demand charge's billing period for the planner: the site's local calendar month. At
    /// each month boundary (local time, by the site's UTC offset) the planner's recorded peak
    /// starts again; the peak and its month are kept on flash (record "peak", two slots), written
    /// when the peak rises (at most once per 15-minute slot) and when the month turns, so a
    /// reboot neither forgets the month's peak nor carries it into the next month. The planner
    /// also learns the days left in the month, which weigh its daily choice of cap. Nothing
    /// happens until the wall clock is synchronised.
    /// </summary>
    public sealed class DemandChargePeriod
    {
        /// <summary>The record's name on flash.</summary>
        public const string RecordName = "peak";

        private const byte Version = 1;
        private const int RecordBytes = 1 + 4 + 4;
        private const long MillisecondsPerMinute = 60000;
        private const int MinutesPerDay = 1440;

        private readonly SlotPlanner _planner;
        private readonly TwoSlotRecordStore _record;
        private readonly int _utcOffsetMinutes;
        private readonly byte[] _buffer = new byte[RecordBytes];
        private int _month = -1;
        private int _savedPeakMilliwatts = -1;

        /// <summary>Keeps planner's peak per local month of a site at utcOffsetMinutes, on store.</summary>
        public DemandChargePeriod(SlotPlanner planner, INonVolatileStore store, int utcOffsetMinutes)
        {
            _planner = planner;
            _record = new TwoSlotRecordStore(store, RecordName, RecordBytes);
            _utcOffsetMinutes = utcOffsetMinutes;
        }

        /// <summary>The local month in force as year × 12 + month − 1, or -1 before the clock was synchronised and nothing was saved.</summary>
        public int Month
        {
            get { return _month; }
        }

        /// <summary>Restores the saved month and its peak into the planner.</summary>
        public void Start()
        {
            if (_record.TryLoad(_buffer) != RecordBytes || _buffer[0] != Version)
            {
                return;
            }

            _month = (int)LittleEndian.ReadUInt32(_buffer, 1);
            _savedPeakMilliwatts = (int)LittleEndian.ReadUInt32(_buffer, 5);
            _planner.RestorePeak(_savedPeakMilliwatts);
        }

        /// <summary>Once a tick: a new local month resets the peak; a higher peak is saved.</summary>
        public void Update(long unixMilliseconds, bool wallClockSynchronized)
        {
            if (!wallClockSynchronized)
            {
                return;
            }

            long localDays = FloorDivide((unixMilliseconds / MillisecondsPerMinute) + _utcOffsetMinutes, MinutesPerDay);
            int year;
            int month;
            int day;
            CivilFromDays(localDays, out year, out month, out day);
            int key = (year * 12) + month - 1;
            _planner.DemandPeriodDaysLeft = DaysInMonth(year, month) - day + 1;
            if (key != _month)
            {
                _month = key;
                _planner.ResetPeak();
                Save();
                return;
            }

            if (_planner.PeakMilliwatts > _savedPeakMilliwatts)
            {
                Save();
            }
        }

        private void Save()
        {
            _savedPeakMilliwatts = _planner.PeakMilliwatts;
            _buffer[0] = Version;
            LittleEndian.WriteUInt32(_buffer, 1, (uint)_month);
            LittleEndian.WriteUInt32(_buffer, 5, (uint)_savedPeakMilliwatts);
            _record.Save(_buffer, RecordBytes);
        }

        /// <summary>Days in a month of the proleptic Gregorian calendar.</summary>
        public static int DaysInMonth(int year, int month)
        {
            if (month == 2)
            {
                bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
                return leap ? 29 : 28;
            }

            return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
        }

        /// <summary>The civil date of a day count from 1970-01-01 (H. Hinnant's days-to-civil, integers only).</summary>
        public static void CivilFromDays(long days, out int year, out int month, out int day)
        {
            long z = days + 719468;
            long era = FloorDivide(z, 146097);
            long dayOfEra = z - (era * 146097);
            long yearOfEra = (dayOfEra - (dayOfEra / 1460) + (dayOfEra / 36524) - (dayOfEra / 146096)) / 365;
            long dayOfYear = dayOfEra - ((365 * yearOfEra) + (yearOfEra / 4) - (yearOfEra / 100));
            long shiftedMonth = ((5 * dayOfYear) + 2) / 153;
            day = (int)(dayOfYear - (((153 * shiftedMonth) + 2) / 5) + 1);
            month = (int)(shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9);
            year = (int)(yearOfEra + (era * 400) + (month <= 2 ? 1 : 0));
        }

        private static long FloorDivide(long value, long divisor)
        {
            long quotient = value / divisor;
            return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient;
        }
    }
}
