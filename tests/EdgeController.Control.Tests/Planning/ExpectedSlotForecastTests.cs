using EdgeController.Bench.Scenarios;
using EdgeController.Core.Planning;

namespace EdgeController.Control.Tests.Planning;

/// <summary>The bench's oracle of the weather's expected day: slot means over many days, with the device forecast's spread rule.</summary>
public sealed class ExpectedSlotForecastTests
{
    // Day d has load 1000 W + 2000 W × d everywhere, and PV equal to the minute's slot index in W.
    private static ExpectedSlotForecast OverDays(int days)
    {
        var pv = new double[days * 1440];
        var load = new double[days * 1440];
        for (int t = 0; t < pv.Length; t++)
        {
            pv[t] = (t % 1440) / 15;
            load[t] = 1000 + (2000 * (t / 1440));
        }

        return new ExpectedSlotForecast(pv, load, new ProfileSlotForecast(new DayProfileForecaster()));
    }

    [Fact]
    public void EachSlot_IsTheMeanOverTheDays()
    {
        ExpectedSlotForecast forecast = OverDays(3);

        Assert.Equal(3_000_000, forecast.LoadMilliwattsAt(0, 0));
        Assert.Equal(3_000_000, forecast.LoadMilliwattsAt(17 * 60, 5));
        Assert.Equal(48_000, forecast.PvMilliwattsAt(12 * 60, 0));
        Assert.Equal(50_000, forecast.PvMilliwattsAt(12 * 60 + 14, 2));
    }

    [Fact]
    public void SlotsPastMidnight_WrapToTheNextDaysSameSlot()
    {
        ExpectedSlotForecast forecast = OverDays(2);

        Assert.Equal(95_000, forecast.PvMilliwattsAt((23 * 60) + 50, 0));
        Assert.Equal(0, forecast.PvMilliwattsAt((23 * 60) + 50, 1));
        Assert.Equal(3_000, forecast.PvMilliwattsAt((23 * 60) + 50, 100));
    }

    // Until the device has compared a day's PV, its rule is 30 % of the load and 30 % of the PV.
    [Fact]
    public void Spread_FollowsTheDeviceForecastsRule()
    {
        ExpectedSlotForecast forecast = OverDays(1);

        int load = forecast.LoadMilliwattsAt(12 * 60, 0);
        int pv = forecast.PvMilliwattsAt(12 * 60, 0);
        Assert.Equal(1_000_000, load);
        Assert.Equal((load * 3 / 10) + (pv * 3 / 10), forecast.SpreadMilliwattsAt(12 * 60, 0));
    }
}
