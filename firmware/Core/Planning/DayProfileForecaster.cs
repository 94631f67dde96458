using EdgeController.Core.FixedPoint;

namespace EdgeController.Core.Planning
{
    /// <summary>
    /// A short forecast of load and PV: a time-of-day profile (hourly means) learned by exponential
    /// smoothing across days, scaled for the rest of today by how today has compared with the
    /// profile so far (an overcast morning lowers the afternoon's PV; a cold day raises the load),
    /// as far as the hours seen tell a different day from the hours' own noise
    /// (<see cref="TodayScaleEstimate"/>). Feed it every tick; read forecasts by hour. Integers
    /// only, allocation-free.
    /// </summary>
    public sealed class DayProfileForecaster
    {
        /// <summary>
        /// Smoothing of the profile: each completed hour moves its bin a third of the way to the
        /// new mean, so about three days of history carry the weight: quick enough for the seasons,
        /// slow enough that one odd day does not rewrite the profile.
        /// </summary>
        public static readonly int ProfileSmoothingQ16 = Q16.FromRatio(1, 3);

        private const int HoursPerDay = 24;
        private const long MillisecondsPerHour = 3600000;
        private readonly int[] _loadProfileMilliwatts = new int[HoursPerDay];
        private readonly int[] _pvProfileMilliwatts = new int[HoursPerDay];
        private readonly bool[] _learned = new bool[HoursPerDay];
        private int _currentHour = -1;
        private long _loadMilliwattMilliseconds;
        private long _pvMilliwattMilliseconds;
        private long _hourMilliseconds;
        private readonly TodayScaleEstimate _todayLoad = new TodayScaleEstimate();
        private readonly TodayScaleEstimate _todayPv = new TodayScaleEstimate();
        private long _todayPvProfileMilliwattHours;
        private long _todayPvAbsoluteErrorMilliwattHours;

        /// <summary>
        /// Smoothing of the PV error statistics: each day's relative error moves the running
        /// value halfway, so a change of weather shows within two days.
        /// </summary>
        public static readonly int ErrorSmoothingQ16 = Q16.FromRatio(1, 2);

        /// <summary>
        /// How far off the hourly PV profile has been lately: the mean absolute error of the
        /// hourly means over the profile's energy, Q16.16, smoothed from day to day (0 until a
        /// day has been compared). Near 0.05 on clear days, several times that under broken cloud.
        /// </summary>
        public int PvRelativeErrorQ16 { get; private set; }

        /// <summary>True once a day's PV has been compared with the profile, so that <see cref="PvRelativeErrorQ16"/> says something.</summary>
        public bool PvRelativeErrorKnown { get; private set; }

        /// <summary>How today's PV compares with the profile so far, as trusted for the rest of today, Q16.16 (1.0 until there is something to compare).</summary>
        public int TodayPvScaleQ16
        {
            get { return _todayPv.ScaleQ16; }
        }

        /// <summary>How today's load compares with the profile so far, as trusted for the rest of today, Q16.16.</summary>
        public int TodayLoadScaleQ16
        {
            get { return _todayLoad.ScaleQ16; }
        }

        /// <summary>The estimate behind <see cref="TodayPvScaleQ16"/> (its learned variances).</summary>
        public TodayScaleEstimate TodayPv
        {
            get { return _todayPv; }
        }

        /// <summary>The estimate behind <see cref="TodayLoadScaleQ16"/>.</summary>
        public TodayScaleEstimate TodayLoad
        {
            get { return _todayLoad; }
        }

        /// <summary>
        /// One tick's measurements.
        /// </summary>
        /// <param name="minuteOfDay">Local time, minutes since midnight (0..1439).</param>
        /// <param name="loadMilliwatts">Load now, mW.</param>
        /// <param name="pvMilliwatts">PV now (available, not curtailed), mW.</param>
        /// <param name="elapsedMilliseconds">Time since the previous observation, ms.</param>
        public void Observe(int minuteOfDay, int loadMilliwatts, int pvMilliwatts, int elapsedMilliseconds)
        {
            int hour = (minuteOfDay / 60) % HoursPerDay;
            if (hour != _currentHour)
            {
                CloseHour();
                if (hour < _currentHour)
                {
                    StartNewDay();
                }

                _currentHour = hour;
            }

            if (elapsedMilliseconds > 0)
            {
                _loadMilliwattMilliseconds += (long)loadMilliwatts * elapsedMilliseconds;
                _pvMilliwattMilliseconds += (long)pvMilliwatts * elapsedMilliseconds;
                _hourMilliseconds += elapsedMilliseconds;
            }
        }

        /// <summary>Forecast mean load in an hour of the day, mW (today's scale applied).</summary>
        public int LoadMilliwattsAt(int hour)
        {
            return Q16.Scale(_loadProfileMilliwatts[Wrap(hour)], TodayLoadScaleQ16);
        }

        /// <summary>Forecast mean PV in an hour of the day, mW (today's scale applied).</summary>
        public int PvMilliwattsAt(int hour)
        {
            return Q16.Scale(_pvProfileMilliwatts[Wrap(hour)], TodayPvScaleQ16);
        }

        /// <summary>True once every hour of the day has been seen at least once.</summary>
        public bool HasFullDay
        {
            get
            {
                for (int hour = 0; hour < HoursPerDay; hour++)
                {
                    if (!_learned[hour])
                    {
                        return false;
                    }
                }

                return true;
            }
        }

        private void CloseHour()
        {
            // An hour observed for less than half its length is not a fair mean: it is dropped.
            if (_currentHour < 0 || _hourMilliseconds < MillisecondsPerHour / 2)
            {
                ResetAccumulators();
                return;
            }

            int loadMeanMilliwatts = Saturating.Divide(_loadMilliwattMilliseconds, _hourMilliseconds);
            int pvMeanMilliwatts = Saturating.Divide(_pvMilliwattMilliseconds, _hourMilliseconds);
            int hour = _currentHour;
            if (_learned[hour])
            {
                _todayPvProfileMilliwattHours += _pvProfileMilliwatts[hour];
                // Against the profile as scaled for today: the error the planner actually faces.
                long errorMilliwatts = pvMeanMilliwatts - (long)Q16.Scale(_pvProfileMilliwatts[hour], TodayPvScaleQ16);
                _todayPvAbsoluteErrorMilliwattHours += errorMilliwatts < 0 ? -errorMilliwatts : errorMilliwatts;
                // Against the profile before it learns this hour: the comparison is with what was forecast.
                _todayLoad.AddHour(loadMeanMilliwatts, _loadProfileMilliwatts[hour]);
                _todayPv.AddHour(pvMeanMilliwatts, _pvProfileMilliwatts[hour]);
                _loadProfileMilliwatts[hour] += Q16.Scale(loadMeanMilliwatts - _loadProfileMilliwatts[hour], ProfileSmoothingQ16);
                _pvProfileMilliwatts[hour] += Q16.Scale(pvMeanMilliwatts - _pvProfileMilliwatts[hour], ProfileSmoothingQ16);
            }
            else
            {
                _loadProfileMilliwatts[hour] = loadMeanMilliwatts;
                _pvProfileMilliwatts[hour] = pvMeanMilliwatts;
                _learned[hour] = true;
            }

            ResetAccumulators();
        }

        private void StartNewDay()
        {
            if (_todayPvProfileMilliwattHours >= MinimumComparableMilliwattHours)
            {
                int dayErrorQ16 = Q16.FromRatio(_todayPvAbsoluteErrorMilliwattHours, _todayPvProfileMilliwattHours);
                PvRelativeErrorQ16 += Q16.Multiply(dayErrorQ16 - PvRelativeErrorQ16, ErrorSmoothingQ16);
                PvRelativeErrorKnown = true;
            }

            _todayPvAbsoluteErrorMilliwattHours = 0;
            _todayPvProfileMilliwattHours = 0;
            _todayLoad.CloseDay();
            _todayPv.CloseDay();
        }

        private void ResetAccumulators()
        {
            _loadMilliwattMilliseconds = 0;
            _pvMilliwattMilliseconds = 0;
            _hourMilliseconds = 0;
        }

        private const long MinimumComparableMilliwattHours = 1000;

        private static int Wrap(int hour)
        {
            int wrapped = hour % HoursPerDay;
            return wrapped < 0 ? wrapped + HoursPerDay : wrapped;
        }
    }
}
