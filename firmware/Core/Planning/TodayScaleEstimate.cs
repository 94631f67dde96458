using EdgeController.Core.FixedPoint;

namespace EdgeController.Core.Planning
{
    /// <summary>
    /// How today compares with the profile, for the rest of today: the ratio of today's hours so
    /// far to the profile's, trusted as far as the hours seen tell the day apart from the
    /// hour-to-hour noise. The trust is the linear (Bayes) estimator's,
    /// w = V / (V + N x g): V is the spread of whole days' ratios about 1 (how much days differ,
    /// less the part of each day's deviation that its own hours' noise explains),
    /// N the hours' noise about their own day's ratio (per unit of profile energy), and
    /// g = sum(p^2) / sum(p)^2 over the hours seen (1 for one hour, 1/n for n equal hours).
    /// Both variances are learned day by day, so the rule adapts to the weather: where days
    /// differ (overcast against clear) a morning moves the forecast at once; where only the
    /// hours differ (broken cloud every few minutes) it barely does. Integers only, allocation-free.
    /// </summary>
    public sealed class TodayScaleEstimate
    {
        /// <summary>Each day moves the variances halfway to its own: a change of weather shows within two days.</summary>
        public static readonly int VarianceSmoothingQ16 = Q16.FromRatio(1, 2);

        /// <summary>
        /// Before any day is compared, whole days are taken to differ by about 10 % ((10 %)^2):
        /// with the hours' noise at (20 %)^2, one hour earns a fifth of the trust and four hours
        /// half. The days learn it within a few midnights; until then a stronger prior had the
        /// first days' noisy dawn and night hours rescale the whole day (issue 16: a prior of
        /// (20 %)^2 cost the cloudy standard day 0.36 points over twenty seeds).
        /// </summary>
        public static readonly int InitialDayVarianceQ16 = Q16.FromRatio(1, 100);

        /// <summary>Before any day is compared, an hour is taken to stray from its day's ratio by about 20 % ((20 %)^2).</summary>
        public static readonly int InitialHourNoiseVarianceQ16 = Q16.FromRatio(4, 100);

        /// <summary>Bounds of the scale (0.2 to 2.0): a sensor fault must not make the forecast absurd.</summary>
        public static readonly int MinimumScaleQ16 = Q16.FromRatio(1, 5);

        /// <summary>Upper bound of the scale.</summary>
        public static readonly int MaximumScaleQ16 = Q16.FromInteger(2);

        /// <summary>Under 1 Wh of profile there is nothing to compare.</summary>
        private const long MinimumComparableMilliwattHours = 1000;

        private long _actualMilliwattHours;
        private long _profileMilliwattHours;

        // The second moments in watts (hourly means / 1000): 24 hours of up to 1 MW stay in a long.
        private long _actualSquaredWatts;
        private long _crossWatts;
        private long _profileSquaredWatts;
        private long _profileWatts;

        /// <summary>Creates an estimate with no day compared yet.</summary>
        public TodayScaleEstimate()
        {
            DayVarianceQ16 = InitialDayVarianceQ16;
            HourNoiseVarianceQ16 = InitialHourNoiseVarianceQ16;
            ScaleQ16 = Q16.One;
        }

        /// <summary>Spread of whole days' ratio to the profile about 1, as a variance beyond what their hours' noise explains, Q16.16.</summary>
        public int DayVarianceQ16 { get; private set; }

        /// <summary>Hours' noise about their own day's ratio, per unit of profile energy squared, Q16.16.</summary>
        public int HourNoiseVarianceQ16 { get; private set; }

        /// <summary>The scale for the rest of today, Q16.16 (1.0 until an hour is compared).</summary>
        public int ScaleQ16 { get; private set; }

        /// <summary>Hours compared today.</summary>
        public int HoursCompared { get; private set; }

        /// <summary>An hour of today against the profile's value for it (before the profile learns it), mW.</summary>
        public void AddHour(int actualMilliwatts, int profileMilliwatts)
        {
            _actualMilliwattHours += actualMilliwatts;
            _profileMilliwattHours += profileMilliwatts;
            long actualWatts = actualMilliwatts / 1000;
            long profileWatts = profileMilliwatts / 1000;
            _actualSquaredWatts += actualWatts * actualWatts;
            _crossWatts += actualWatts * profileWatts;
            _profileSquaredWatts += profileWatts * profileWatts;
            _profileWatts += profileWatts;
            HoursCompared++;
            Update();
        }

        /// <summary>The raw ratio today so far, clamped, Q16.16 (1.0 with nothing to compare).</summary>
        public int RawRatioQ16()
        {
            if (_profileMilliwattHours < MinimumComparableMilliwattHours)
            {
                return Q16.One;
            }

            int ratio = Q16.FromRatio(_actualMilliwattHours, _profileMilliwattHours);
            if (ratio < MinimumScaleQ16)
            {
                return MinimumScaleQ16;
            }

            return ratio > MaximumScaleQ16 ? MaximumScaleQ16 : ratio;
        }

        /// <summary>Midnight: today's ratio and noise teach the variances, and a new day starts from 1.0.</summary>
        public void CloseDay()
        {
            if (_profileMilliwattHours >= MinimumComparableMilliwattHours && _profileSquaredWatts > 0)
            {
                int ratio = RawRatioQ16();
                int dayVariance = NoiseFreeDayVarianceQ16(Q16.Multiply(ratio - Q16.One, ratio - Q16.One));

                // Sum of (a - r p)^2 = sum a^2 - 2 r sum a p + r^2 sum p^2: the hours about the day's own ratio.
                long residual = _actualSquaredWatts - (2L * ratio * _crossWatts / Q16.One) + ((long)Q16.Multiply(ratio, ratio) * _profileSquaredWatts / Q16.One);
                int noise = residual <= 0 ? 0 : Q16.FromRatio(residual, _profileSquaredWatts);
                DayVarianceQ16 += Q16.Multiply(dayVariance - DayVarianceQ16, VarianceSmoothingQ16);
                HourNoiseVarianceQ16 += Q16.Multiply(noise - HourNoiseVarianceQ16, VarianceSmoothingQ16);
            }

            _actualMilliwattHours = 0;
            _profileMilliwattHours = 0;
            _actualSquaredWatts = 0;
            _crossWatts = 0;
            _profileSquaredWatts = 0;
            _profileWatts = 0;
            HoursCompared = 0;
            ScaleQ16 = Q16.One;
        }

        /// <summary>
        /// A whole day's squared deviation from the profile, less what the hours' own noise puts
        /// into it (N x g over the day's hours, with N as learned before today): even days alike
        /// in all but noise end off 1 by that much, and counting it as the days' spread had the
        /// trust chase a morning's kettles and clouds (issue 16: the cloudy standard week bought
        /// at night for a load a busy breakfast had raised). At least 0.
        /// </summary>
        private int NoiseFreeDayVarianceQ16(int squaredDeviationQ16)
        {
            if (_profileWatts <= 0)
            {
                return squaredDeviationQ16;
            }

            int noiseShareQ16 = Q16.Multiply(HourNoiseVarianceQ16, ConcentrationQ16());
            return squaredDeviationQ16 > noiseShareQ16 ? squaredDeviationQ16 - noiseShareQ16 : 0;
        }

        /// <summary>g = sum(p^2) / sum(p)^2 over the hours seen, Q16.16 (call only with hours seen).</summary>
        private int ConcentrationQ16()
        {
            return Q16.FromRatio(_profileSquaredWatts, _profileWatts * _profileWatts);
        }

        /// <summary>The trust in the hours seen, Q16.16 (0 = keep the profile, 1 = take today's ratio).</summary>
        public int TrustQ16()
        {
            if (_profileWatts <= 0 || _profileMilliwattHours < MinimumComparableMilliwattHours)
            {
                return 0;
            }

            long noise = Q16.Multiply(HourNoiseVarianceQ16, ConcentrationQ16());
            long total = DayVarianceQ16 + noise;
            return total <= 0 ? Q16.One : Q16.FromRatio(DayVarianceQ16, total);
        }

        private void Update()
        {
            ScaleQ16 = Q16.One + Q16.Multiply(RawRatioQ16() - Q16.One, TrustQ16());
        }
    }
}
