using EdgeController.Core.Planning;
using EdgeController.Core.Tariffs;

namespace EdgeController.Core.Control
{
    /// <summary>
    /// Keeps the dispatch's tariff in step with the gateway's signed schedule: while a schedule
    /// is valid its hourly import prices (UTC hours) replace the board config's (local hours);
    /// when it expires the config's prices come back. Export prices stay the config's (the
    /// schedule carries import prices only). The tariff is rewritten only when that choice
    /// changes, so a steady tick allocates and copies nothing.
    /// When <see cref="ForwardPrices"/> is set, it also fills the planner's 15-minute forward
    /// prices, at each slot boundary and when the schedule changes: a published slot's prices
    /// where the schedule has them, else the price a day earlier if that was published
    /// (tomorrow's prices are not known before 13:00), else the config's hour; at least 24 h,
    /// at most 36 h ahead.
    /// </summary>
    public sealed class TariffFollower
    {
        private const int MinutesPerHour = 60;
        private const int HoursPerDay = 24;

        private readonly TariffSchedule _schedule;
        private readonly TimeOfUseTariff _tariff;
        private readonly int _utcOffsetMinutes;
        private readonly int[] _configImport = new int[HoursPerDay];
        private readonly int[] _export = new int[HoursPerDay];
        private readonly int[] _import = new int[HoursPerDay];
        private long _appliedCommandSequence;
        private long _filledSlot = -1;
        private long _filledCommandSequence = -1;
        private long _filledHour = -1;
        private const long MillisecondsPerHour = 3600000;
        private const long SlotMilliseconds = ForwardPrices.SlotMinutes * 60000L;
        private const long MillisecondsPerDay = 86400000;
        private const int MinimumForwardSlots = 96;

        /// <summary>Follows schedule into tariff, whose prices now are the config's to fall back to.</summary>
        public TariffFollower(TariffSchedule schedule, TimeOfUseTariff tariff, int utcOffsetMinutes)
        {
            _schedule = schedule;
            _tariff = tariff;
            _utcOffsetMinutes = utcOffsetMinutes;
            for (int hour = 0; hour < HoursPerDay; hour++)
            {
                _configImport[hour] = tariff.ImportPriceAt(hour);
                _export[hour] = tariff.ExportPriceAt(hour);
            }
        }

        /// <summary>The cmdseq of the schedule in force, 0 while the config's prices are.</summary>
        public long AppliedCommandSequence
        {
            get { return _appliedCommandSequence; }
        }

        /// <summary>The planner's forward prices to keep filled, or null.</summary>
        public ForwardPrices ForwardPrices { get; set; }

        /// <summary>Switches the tariff to the schedule or back, when that changed since the last call.</summary>
        public void Update(long unixMilliseconds, bool wallClockSynchronized)
        {
            bool active = wallClockSynchronized && _schedule.IsActiveAt(unixMilliseconds);
            long wanted = active ? _schedule.CommandSequence : 0;
            if (ForwardPrices != null)
            {
                FillForward(unixMilliseconds, wallClockSynchronized);
            }

            // A schedule of slots (v2) is no daily table: its hours are refilled each hour from the next 24 h.
            bool slots = active && _schedule.StepMinutes != 0;
            long hourNow = unixMilliseconds / MillisecondsPerHour;
            if (wanted == _appliedCommandSequence && (!slots || hourNow == _filledHour))
            {
                return;
            }

            for (int localHour = 0; localHour < HoursPerDay; localHour++)
            {
                _import[localHour] = !active ? _configImport[localHour]
                    : (slots ? ScheduleSlotPriceAtLocalHour(localHour, unixMilliseconds) : SchedulePriceAtLocalHour(localHour));
            }

            _tariff.SetSchedule(_import, _export);
            _appliedCommandSequence = wanted;
            _filledHour = slots ? hourNow : -1;
        }

        /// <summary>
        /// The schedule's import price now for the current hour, else at the next start of
        /// localHour (a day earlier, or the config's, where unpublished).
        /// </summary>
        private int ScheduleSlotPriceAtLocalHour(int localHour, long unixMilliseconds)
        {
            long hourNow = unixMilliseconds / MillisecondsPerHour;
            int ahead = ((localHour - LocalHour(unixMilliseconds)) % HoursPerDay + HoursPerDay) % HoursPerDay;
            long start = ahead == 0 ? unixMilliseconds : (hourNow + ahead) * MillisecondsPerHour;
            long price;
            if (_schedule.TryGetPriceAt(start, out price) || _schedule.TryGetPriceAt(start - MillisecondsPerDay, out price))
            {
                return ToInt(price);
            }

            return _configImport[localHour];
        }

        private void FillForward(long unixMilliseconds, bool wallClockSynchronized)
        {
            if (!wallClockSynchronized)
            {
                if (_filledSlot != -1)
                {
                    ForwardPrices.Clear();
                    _filledSlot = -1;
                }

                return;
            }

            long slot = unixMilliseconds / SlotMilliseconds;
            long sequence = _schedule.CommandSequence;
            if (slot == _filledSlot && sequence == _filledCommandSequence)
            {
                return;
            }

            _filledSlot = slot;
            _filledCommandSequence = sequence;
            ForwardPrices prices = ForwardPrices;
            prices.BeginFill();
            long until = _schedule.ValidUntilUnixMilliseconds;
            for (int k = 0; k < ForwardPrices.MaximumSlots; k++)
            {
                long start = (slot + k) * SlotMilliseconds;
                if (k >= MinimumForwardSlots && start >= until)
                {
                    break;
                }

                long import;
                long export;
                bool hasExport;
                bool published = _schedule.TryGetPricesAt(start, out import, out hasExport, out export);
                if (!published && !_schedule.TryGetPricesAt(start - MillisecondsPerDay, out import, out hasExport, out export))
                {
                    int localHour = LocalHour(start);
                    import = _configImport[localHour];
                    hasExport = false;
                }

                int exportPrice = hasExport ? ToInt(export) : _export[LocalHour(start)];
                prices.Append(ToInt(import), exportPrice, published);
            }

            prices.EndFill();
        }

        private int LocalHour(long unixMilliseconds)
        {
            long minutes = (unixMilliseconds / 60000) + _utcOffsetMinutes;
            int minuteOfDay = (int)(minutes % (HoursPerDay * MinutesPerHour));
            minuteOfDay = minuteOfDay < 0 ? minuteOfDay + (HoursPerDay * MinutesPerHour) : minuteOfDay;
            return minuteOfDay / MinutesPerHour;
        }

        private static int ToInt(long price)
        {
            return price > int.MaxValue ? int.MaxValue : (price < int.MinValue ? int.MinValue : (int)price);
        }

        private int SchedulePriceAtLocalHour(int localHour)
        {
            // Offsets that are not whole hours (+05:30) take the UTC hour the local hour starts in.
            int utcMinute = (localHour * MinutesPerHour) - _utcOffsetMinutes;
            int utcHour = ((utcMinute / MinutesPerHour) % HoursPerDay + HoursPerDay) % HoursPerDay;
            if (utcMinute < 0 && utcMinute % MinutesPerHour != 0)
            {
                utcHour = (utcHour + HoursPerDay - 1) % HoursPerDay;
            }

            // A negative price (the grid pays for taking energy) passes through: the dispatch
            // prices it like any other and soaks the surplus up.
            long price = _schedule.PriceForHour(utcHour);
            return price > int.MaxValue ? int.MaxValue : (price < int.MinValue ? int.MinValue : (int)price);
        }
    }
}
