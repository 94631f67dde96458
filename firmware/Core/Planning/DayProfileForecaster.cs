using EdgeController.Core.FixedPoint;

namespace EdgeController.Core.Planning
{
    /// <summary>
    /// A short forecast of load and PV: a time-of-day profile (hourly means) learned by exponential
    /// smoothing across days, scaled for the rest of today by how today has compared with the
    /// profile so far (a cloudy morning lowers the afternoon's PV; a cold day raises the load).
    /// Feed it every tick; read forecasts by hour. Integers only, allocation-free.
    /// </summary>
    public sealed class DayProfileForecaster
    {
        /// <summary>
        /// Smoothing of the profile: each completed hour moves its bin a third of the way to the
        /// new mean, so about three days of history carry the weight: quick enough for the seasons,
        /// slow enough that one odd day does not rewrite the profile.
        /// </summary>
        public static readonly int ProfileSmoothingQ16 = Q16.FromRatio(1, 3);

        /// <summary>Bounds of today's scale factor (0.2 to 2.0): a sensor fault must not make the forecast absurd.</summary>
        public static readonly int MinimumTodayScaleQ16 = Q16.FromRatio(1, 5);

        /// <summary>Upper bound of today's scale factor.</summary>
        public static readonly int MaximumTodayScaleQ16 = Q16.FromInteger(2);

        private const int HoursPerDay = 24;
        private const long MillisecondsPerHour = 3600000;
        private readonly int[] _loadProfileMilliwatts = new int[HoursPerDay];
        private readonly int[] _pvProfileMilliwatts = new int[HoursPerDay];
        private readonly bool[] _learned = new bool[HoursPerDay];
        private int _currentHour = -1;
        private long _loadMilliwattMilliseconds;
        private long _pvMilliwattMilliseconds;
        private long _hourMilliseconds;
        private long _todayLoadActualMilliwattHours;
        private long _todayLoadProfileMilliwattHours;
        private long _todayPvActualMilliwattHours;
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

        /// <summary>How today's PV compares with the profile so far, Q16.16 (1.0 until there is something to compare).</summary>
        public int TodayPvScaleQ16 { get; private set; } = Q16.One;

        /// <summary>How today's load compares with the profile so far, Q16.16.</summary>
        public int TodayLoadScaleQ16 { get; private set; } = Q16.One;

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
                _todayLoadActualMilliwattHours += loadMeanMilliwatts;
                _todayHoursCompared++;
                _todayLoadProfileMilliwattHours += _loadProfileMilliwatts[hour];
                _todayPvActualMilliwattHours += pvMeanMilliwatts;
                _todayPvProfileMilliwattHours += _pvProfileMilliwatts[hour];
                // Against the profile as scaled for today: the error the planner actually faces.
                long errorMilliwatts = pvMeanMilliwatts - (long)Q16.Scale(_pvProfileMilliwatts[hour], TodayPvScaleQ16);
                _todayPvAbsoluteErrorMilliwattHours += errorMilliwatts < 0 ? -errorMilliwatts : errorMilliwatts;
                _loadProfileMilliwatts[hour] += Q16.Scale(loadMeanMilliwatts - _loadProfileMilliwatts[hour], ProfileSmoothingQ16);
                _pvProfileMilliwatts[hour] += Q16.Scale(pvMeanMilliwatts - _pvProfileMilliwatts[hour], ProfileSmoothingQ16);
            }
            else
            {
                _loadProfileMilliwatts[hour] = loadMeanMilliwatts;
                _pvProfileMilliwatts[hour] = pvMeanMilliwatts;
                _learned[hour] = true;
            }

            TodayLoadScaleQ16 = Shrunk(Ratio(_todayLoadActualMilliwattHours, _todayLoadProfileMilliwattHours), _todayHoursCompared);
            TodayPvScaleQ16 = Ratio(_todayPvActualMilliwattHours, _todayPvProfileMilliwattHours);
            ResetAccumulators();
        }

        private void StartNewDay()
        {
            if (_todayPvProfileMilliwattHours >= MinimumComparableMilliwattHours)
            {
                int dayErrorQ16 = Q16.FromRatio(_todayPvAbsoluteErrorMilliwattHours, _todayPvProfileMilliwattHours);
                PvRelativeErrorQ16 += Q16.Multiply(dayErrorQ16 - PvRelativeErrorQ16, ErrorSmoothingQ16);
            }

            _todayPvAbsoluteErrorMilliwattHours = 0;
            _todayLoadActualMilliwattHours = 0;
            _todayLoadProfileMilliwattHours = 0;
            _todayHoursCompared = 0;
            _todayPvActualMilliwattHours = 0;
            _todayPvProfileMilliwattHours = 0;
            TodayLoadScaleQ16 = Q16.One;
            TodayPvScaleQ16 = Q16.One;
        }

        private void ResetAccumulators()
        {
            _loadMilliwattMilliseconds = 0;
            _pvMilliwattMilliseconds = 0;
            _hourMilliseconds = 0;
        }

        /// <summary>actual / profile in Q16.16, clamped; 1.0 while the profile has under 1 Wh to compare with.</summary>
        private static int Ratio(long actualMilliwattHours, long profileMilliwattHours)
        {
            if (profileMilliwattHours < MinimumComparableMilliwattHours)
            {
                return Q16.One;
            }

            int ratio = Q16.FromRatio(actualMilliwattHours, profileMilliwattHours);
            if (ratio < MinimumTodayScaleQ16)
            {
                return MinimumTodayScaleQ16;
            }

            return ratio > MaximumTodayScaleQ16 ? MaximumTodayScaleQ16 : ratio;
        }

        private const long MinimumComparableMilliwattHours = 1000;

        private int _todayHoursCompared;

        /// <summary>
        /// Today's load scale, trusted in proportion to the hours it rests on: a few hours of an
        /// unusual morning say little about the evening. 1 + (scale - 1) x hours / 24.
        /// </summary>
        private static int Shrunk(int scaleQ16, int hoursCompared)
        {
            int hours = hoursCompared > HoursPerDay ? HoursPerDay : hoursCompared;
            return Q16.One + (int)((long)(scaleQ16 - Q16.One) * hours / HoursPerDay);
        }

        private static int Wrap(int hour)
        {
            int wrapped = hour % HoursPerDay;
            return wrapped < 0 ? wrapped + HoursPerDay : wrapped;
        }
    }
}
