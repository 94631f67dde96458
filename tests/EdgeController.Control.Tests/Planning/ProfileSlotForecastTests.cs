using EdgeController.Core.Planning;

namespace EdgeController.Control.Tests.Planning;

/// <summary>The spread the device's forecast states: a fixed share of the load, and of the PV as far as the PV has lately been missed.</summary>
public sealed class ProfileSlotForecastTests
{
    private const int LoadMilliwatts = 500_000;
    private const int NoonMinute = 12 * 60;

    // Sun from 08:00 to 16:00 at 2 kW; where swinging, alternate hours at brightOrDull above and
    // below it, the pattern shifting each day, so that the day's total stays put.
    private static DayProfileForecaster AfterDays(int days, int swingMilliwatts)
    {
        var forecaster = new DayProfileForecaster();
        for (int day = 0; day < days; day++)
        {
            for (int minute = 0; minute < 1440; minute++)
            {
                int hour = minute / 60;
                bool sunHour = hour >= 8 && hour < 16;
                int swing = (hour + day) % 2 == 0 ? swingMilliwatts : -swingMilliwatts;
                forecaster.Observe(minute, LoadMilliwatts, sunHour ? 2_000_000 + swing : 0, 60_000);
            }
        }

        forecaster.Observe(0, LoadMilliwatts, 0, 60_000);
        return forecaster;
    }

    [Fact]
    public void Spread_BeforeAnyDaysPvIsCompared_IsThirtyPerCentOfLoadAndPv()
    {
        DayProfileForecaster forecaster = AfterDays(1, 0);
        var forecast = new ProfileSlotForecast(forecaster);

        Assert.False(forecaster.PvRelativeErrorKnown);
        int load = forecast.LoadMilliwattsAt(NoonMinute, 0);
        int pv = forecast.PvMilliwattsAt(NoonMinute, 0);
        Assert.Equal(2_000_000, pv);
        Assert.Equal((load + pv) * 3 / 10, forecast.SpreadMilliwattsAt(NoonMinute, 0));
    }

    [Fact]
    public void Spread_AfterClearDays_LeavesThePvOut()
    {
        DayProfileForecaster forecaster = AfterDays(4, 0);
        var forecast = new ProfileSlotForecast(forecaster);

        Assert.True(forecaster.PvRelativeErrorKnown);
        Assert.Equal(0, forecast.PvSpreadPerMille());
        Assert.Equal(forecast.LoadMilliwattsAt(NoonMinute, 0) * 3 / 10, forecast.SpreadMilliwattsAt(NoonMinute, 0));
        // At night there is no PV to miss in any weather: the load's share alone.
        Assert.Equal(LoadMilliwatts * 3 / 10, forecast.SpreadMilliwattsAt(2 * 60, 0));
    }

    [Theory]
    [InlineData(100_000)]
    [InlineData(200_000)]
    public void Spread_AfterDaysOfBrokenCloud_GrowsWithTheHourlyError(int swingMilliwatts)
    {
        var milder = new ProfileSlotForecast(AfterDays(4, swingMilliwatts));
        var wilder = new ProfileSlotForecast(AfterDays(4, 2 * swingMilliwatts));

        int milderShare = milder.PvSpreadPerMille();
        int wilderShare = wilder.PvSpreadPerMille();
        Assert.InRange(milderShare, 50, ProfileSlotForecast.MaximumPvSpreadPerMille - 1);
        Assert.True(wilderShare > milderShare, $"{wilderShare} vs {milderShare}");
        int load = milder.LoadMilliwattsAt(NoonMinute, 0);
        int pv = milder.PvMilliwattsAt(NoonMinute, 0);
        Assert.InRange(milder.SpreadMilliwattsAt(NoonMinute, 0), (load * 3 / 10) + ((long)pv * (milderShare - 1) / 1000), (load * 3 / 10) + ((long)pv * (milderShare + 1) / 1000));
    }

    [Fact]
    public void Spread_UnderWildCloud_IsAtMostTheWholePv()
    {
        var forecast = new ProfileSlotForecast(AfterDays(6, 1_900_000));

        Assert.Equal(ProfileSlotForecast.MaximumPvSpreadPerMille, forecast.PvSpreadPerMille());
        int load = forecast.LoadMilliwattsAt(NoonMinute, 0);
        int pv = forecast.PvMilliwattsAt(NoonMinute, 0);
        Assert.Equal((load * 3 / 10) + pv, forecast.SpreadMilliwattsAt(NoonMinute, 0));
    }
}
