using EdgeController.Core.FixedPoint;
using EdgeController.Core.Planning;

namespace EdgeController.Control.Tests.Planning;

public sealed class TodayScaleEstimateTests
{
    private const int ProfileMilliwatts = 1_000_000;

    private static double Scale(TodayScaleEstimate estimate) => estimate.ScaleQ16 / (double)Q16.One;

    // Nothing learned yet: the days' variance starts at (10 %)^2 and the hours' noise at (20 %)^2,
    // so n equal hours seen earn n / (n + 4) of the way from 1.0 to today's ratio.
    [Theory]
    [InlineData(1, 0.9)]
    [InlineData(4, 0.75)]
    [InlineData(9, 0.654)]
    [InlineData(16, 0.6)]
    public void BeforeAnyDayIsCompared_EachHourSeenEarnsMoreTrust(int hoursAtHalf, double expectedScale)
    {
        var estimate = new TodayScaleEstimate();

        for (int hour = 0; hour < hoursAtHalf; hour++)
        {
            estimate.AddHour(ProfileMilliwatts / 2, ProfileMilliwatts);
        }

        Assert.InRange(Scale(estimate), expectedScale - 0.005, expectedScale + 0.005);
    }

    // Overcast days against clear ones: whole days differ and their hours are smooth, so one dull
    // morning hour says what the afternoon will be.
    [Fact]
    public void DaysThatDifferWholesale_TrustTheFirstHourAlmostFully()
    {
        var estimate = new TodayScaleEstimate();
        for (int day = 0; day < 8; day++)
        {
            int actual = day % 2 == 0 ? ProfileMilliwatts / 2 : ProfileMilliwatts * 3 / 2;
            for (int hour = 0; hour < 8; hour++)
            {
                estimate.AddHour(actual, ProfileMilliwatts);
            }

            estimate.CloseDay();
        }

        estimate.AddHour(ProfileMilliwatts / 2, ProfileMilliwatts);

        Assert.InRange(Scale(estimate), 0.5, 0.52);
    }

    // Broken cloud every few minutes: the hours swing but every day's total is the same, so a dull
    // hour is noise and the rest of the day keeps the profile.
    [Fact]
    public void HoursThatSwingWithinAlikeDays_BarelyMoveTheScale()
    {
        var estimate = new TodayScaleEstimate();
        for (int day = 0; day < 8; day++)
        {
            for (int hour = 0; hour < 8; hour++)
            {
                estimate.AddHour((hour + day) % 2 == 0 ? ProfileMilliwatts * 3 / 2 : ProfileMilliwatts / 2, ProfileMilliwatts);
            }

            estimate.CloseDay();
        }

        estimate.AddHour(ProfileMilliwatts / 2, ProfileMilliwatts);

        Assert.True(estimate.DayVarianceQ16 < Q16.FromRatio(1, 1000), $"day variance {estimate.DayVarianceQ16}");
        Assert.InRange(estimate.HourNoiseVarianceQ16, Q16.FromRatio(24, 100), Q16.FromRatio(26, 100));
        Assert.InRange(Scale(estimate), 0.99, 1.0);
    }

    // Days alike in all but their hours' noise: each day's total still ends a little off the
    // profile (by about N / n in variance over n hours), and that is noise, not a spread of days.
    // Counted as days' spread, it made the trust chase a morning's kettles.
    [Fact]
    public void DaysOffOnlyByTheirHoursNoise_LearnLittleDaysVariance()
    {
        var estimate = new TodayScaleEstimate();

        double learned = MeanLearnedDayVariance(estimate, new Random(16), day => 1.0);

        double noiseOfADay = NoisyHourVariance / NoisyHoursPerDay;
        Assert.InRange(estimate.HourNoiseVarianceQ16 / (double)Q16.One, 0.035, 0.075);
        Assert.InRange(learned, 0, 0.5 * noiseOfADay);
    }

    // Days that do differ (±30 %) through the same hours' noise: the days' spread is still learned.
    [Fact]
    public void DaysThatDifferThroughNoisyHours_StillLearnTheirSpread()
    {
        double learned = MeanLearnedDayVariance(new TodayScaleEstimate(), new Random(17), day => day % 2 == 0 ? 0.7 : 1.3);

        Assert.InRange(learned, 0.07, 0.11);
    }

    private const int NoisyHoursPerDay = 8;

    // Uniform within ±40 %: the hours' noise variance is 0.4^2 / 3.
    private const double NoisyHourVariance = 0.0533;

    /// <summary>400 days of 8 hours, each hour the day's ratio times uniform ±40 % noise; the days' variance learned, averaged over the last 300 days.</summary>
    private static double MeanLearnedDayVariance(TodayScaleEstimate estimate, Random random, Func<int, double> dayRatio)
    {
        double learnedSum = 0;
        int daysAveraged = 0;
        for (int day = 0; day < 400; day++)
        {
            for (int hour = 0; hour < NoisyHoursPerDay; hour++)
            {
                estimate.AddHour((int)(ProfileMilliwatts * dayRatio(day) * (1 + (0.8 * (random.NextDouble() - 0.5)))), ProfileMilliwatts);
            }

            estimate.CloseDay();
            if (day >= 100)
            {
                learnedSum += estimate.DayVarianceQ16 / (double)Q16.One;
                daysAveraged++;
            }
        }

        return learnedSum / daysAveraged;
    }

    [Fact]
    public void CloseDay_StartsTheScaleAgainAtOne()
    {
        var estimate = new TodayScaleEstimate();
        estimate.AddHour(ProfileMilliwatts * 2, ProfileMilliwatts);
        Assert.True(estimate.ScaleQ16 > Q16.One);

        estimate.CloseDay();

        Assert.Equal(Q16.One, estimate.ScaleQ16);
        Assert.Equal(0, estimate.HoursCompared);
    }

    [Fact]
    public void AnAbsurdHour_IsClampedToTwiceTheProfile()
    {
        var estimate = new TodayScaleEstimate();

        estimate.AddHour(ProfileMilliwatts * 10, ProfileMilliwatts);

        Assert.Equal(TodayScaleEstimate.MaximumScaleQ16, estimate.RawRatioQ16());
        Assert.True(estimate.ScaleQ16 <= TodayScaleEstimate.MaximumScaleQ16);
    }

    [Fact]
    public void UnderAWattHourOfProfile_NothingIsCompared()
    {
        var estimate = new TodayScaleEstimate();

        estimate.AddHour(500, 900);

        Assert.Equal(Q16.One, estimate.ScaleQ16);
    }
}
