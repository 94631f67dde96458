using EdgeController.Core.FixedPoint;
using EdgeController.Core.Planning;

namespace EdgeController.Control.Tests.Planning;

public sealed class DayProfileForecasterTests
{
    private static void ObserveDay(DayProfileForecaster forecaster, int loadMilliwatts, int noonPvMilliwatts)
    {
        for (int minute = 0; minute < 1440; minute++)
        {
            int pv = minute / 60 == 12 ? noonPvMilliwatts : 0;
            forecaster.Observe(minute, loadMilliwatts, pv, 60_000);
        }
    }

    [Fact]
    public void Observe_FirstDay_LearnsEachHourOutright()
    {
        var forecaster = new DayProfileForecaster();

        ObserveDay(forecaster, 700_000, 2_000_000);
        forecaster.Observe(0, 700_000, 0, 60_000);

        Assert.True(forecaster.HasFullDay);
        Assert.Equal(2_000_000, forecaster.PvMilliwattsAt(12));
        Assert.Equal(700_000, forecaster.LoadMilliwattsAt(3));
    }

    [Fact]
    public void Observe_LaterDays_SmoothExponentiallyByAThird()
    {
        var forecaster = new DayProfileForecaster();
        ObserveDay(forecaster, 900_000, 0);

        ObserveDay(forecaster, 600_000, 0);
        forecaster.Observe(0, 600_000, 0, 60_000);

        // 900 + (600 - 900) / 3 = 800 W, before today's scale (reset at midnight) applies; 1/3 in
        // Q16.16 is 21845/65536, a few milliwatts short.
        Assert.InRange(forecaster.LoadMilliwattsAt(5), 799_995, 800_005);
    }

    [Fact]
    public void Observe_DimMorning_ScalesTheRestOfTodaysPvDown()
    {
        var forecaster = new DayProfileForecaster();
        for (int day = 0; day < 2; day++)
        {
            for (int minute = 0; minute < 1440; minute++)
            {
                int hour = minute / 60;
                forecaster.Observe(minute, 500_000, hour >= 8 && hour < 16 ? 2_000_000 : 0, 60_000);
            }
        }

        for (int minute = 0; minute < 11 * 60; minute++)
        {
            int hour = minute / 60;
            forecaster.Observe(minute, 500_000, hour >= 8 ? 1_000_000 : 0, 60_000);
        }

        // Hours 8 and 9 at half the profile, after one compared day that matched it: the day
        // variance (0.01 halfway to 0) is 0.005, the hours' noise (0.04 halfway to 0) 0.02 over two
        // hours 0.01, so the trust is 1/3 and the scale 1 - 0.5 x 1/3.
        Assert.InRange(forecaster.TodayPvScaleQ16, Q16.FromRatio(82, 100), Q16.FromRatio(85, 100));
        Assert.InRange(forecaster.PvMilliwattsAt(14), 1_640_000, 1_700_000);
    }

    [Fact]
    public void Observe_PvThatSwingsFromDayToDay_RaisesTheRelativeError()
    {
        var steady = new DayProfileForecaster();
        var swinging = new DayProfileForecaster();
        for (int day = 0; day < 6; day++)
        {
            for (int minute = 0; minute < 1440; minute++)
            {
                int hour = minute / 60;
                bool sunHour = hour >= 8 && hour < 16;
                steady.Observe(minute, 500_000, sunHour ? 2_000_000 : 0, 60_000);
                // Alternate hours bright and dull, the pattern shifting each day: the daily total stays put.
                bool bright = (hour + day) % 2 == 0;
                swinging.Observe(minute, 500_000, sunHour ? (bright ? 3_000_000 : 1_000_000) : 0, 60_000);
            }
        }

        Assert.Equal(0, steady.PvRelativeErrorQ16);
        Assert.True(swinging.PvRelativeErrorQ16 > Q16.FromRatio(3, 10), $"error {swinging.PvRelativeErrorQ16}");
    }

    // Today's load scale is trusted more with each hour it rests on (TodayScaleEstimate): before any
    // day has been compared, n hours at twice the profile move the forecast n / (n + 4) of the way.
    [Theory]
    [InlineData(1, 1.2)]
    [InlineData(3, 1.4286)]
    [InlineData(9, 1.6923)]
    public void ADayAtTwiceTheProfile_ScalesTheForecastByTheHoursSeen(int hoursAtDouble, double expectedScale)
    {
        DayProfileForecaster forecaster = new();
        Run(forecaster, fromMinute: 0, minutes: 24 * 60, loadMilliwatts: 1_000); // day 1: the profile
        Run(forecaster, fromMinute: 0, minutes: 1, loadMilliwatts: 1_000); // midnight: a new day starts
        Run(forecaster, fromMinute: 1, minutes: (hoursAtDouble * 60) - 1, loadMilliwatts: 2_000);
        Run(forecaster, fromMinute: hoursAtDouble * 60, minutes: 1, loadMilliwatts: 2_000); // closes the last hour

        double scale = forecaster.TodayLoadScaleQ16 / (double)Q16.One;
        Assert.InRange(scale, expectedScale - 0.02, expectedScale + 0.02);
        Assert.InRange(forecaster.LoadMilliwattsAt(hoursAtDouble + 1), (int)(1_000 * (expectedScale - 0.03)), (int)(1_000 * (expectedScale + 0.03)));
    }

    [Fact]
    public void ANewDay_StartsTheScaleAgainAtOne()
    {
        DayProfileForecaster forecaster = new();
        Run(forecaster, fromMinute: 0, minutes: 24 * 60, loadMilliwatts: 1_000);
        Run(forecaster, fromMinute: 0, minutes: 24 * 60, loadMilliwatts: 2_000);
        Assert.True(forecaster.TodayLoadScaleQ16 > Q16.One, "a whole day at twice the load raises the scale");

        Run(forecaster, fromMinute: 0, minutes: 1, loadMilliwatts: 2_000);

        Assert.Equal(Q16.One, forecaster.TodayLoadScaleQ16);
    }

    private static void Run(DayProfileForecaster forecaster, int fromMinute, int minutes, int loadMilliwatts)
    {
        for (int m = 0; m < minutes; m++)
        {
            forecaster.Observe((fromMinute + m) % (24 * 60), loadMilliwatts, 0, 60_000);
        }
    }
}
