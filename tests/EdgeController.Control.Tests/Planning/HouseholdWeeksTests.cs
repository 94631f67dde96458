using EdgeController.Bench.Days;
using EdgeController.Bench.Scenarios;

namespace EdgeController.Control.Tests.Planning;

public sealed class HouseholdWeeksTests
{
    private const int MinutesPerDay = 1440;

    // Every draw is made whatever the effects, so switching weekends on changes Saturdays and
    // Sundays (day 5 and 6 of each week from the first Monday) and nothing else.
    [Fact]
    public void Weekends_RaiseOnlySaturdaysAndSundays_ByAQuarterOfTheDaysLoadBeforeBursts()
    {
        (double[] _, double[] plain) = HouseholdWeeks.Series(14, 7, HouseholdWeeks.Effects.None);
        (double[] _, double[] weekends) = HouseholdWeeks.Series(14, 7, HouseholdWeeks.Effects.Weekends);

        for (int day = 0; day < 14; day++)
        {
            double plainWattMinutes = plain.Skip(day * MinutesPerDay).Take(MinutesPerDay).Sum();
            double weekendWattMinutes = weekends.Skip(day * MinutesPerDay).Take(MinutesPerDay).Sum();
            if (day % 7 >= 5)
            {
                // The 2 kW bursts are not scaled, so the day's ratio is a little under 1.25.
                Assert.InRange(weekendWattMinutes / plainWattMinutes, 1.15, HouseholdWeeks.WeekendLoadFactor);
            }
            else
            {
                Assert.Equal(plainWattMinutes, weekendWattMinutes);
            }
        }
    }

    [Fact]
    public void ColdSpells_AddTheHeatingFromSixToElevenOnWholeDays_AndLastAsTheirMarkovChainSays()
    {
        (double[] _, double[] plain) = HouseholdWeeks.Series(365, 3, HouseholdWeeks.Effects.None);
        (double[] _, double[] cold) = HouseholdWeeks.Series(365, 3, HouseholdWeeks.Effects.ColdSpells);

        var coldDays = new bool[365];
        for (int day = 0; day < 365; day++)
        {
            double[] added = Enumerable.Range(day * MinutesPerDay, MinutesPerDay).Select(t => cold[t] - plain[t]).ToArray();
            coldDays[day] = added[12 * 60] > 0;
            for (int minute = 0; minute < MinutesPerDay; minute++)
            {
                bool heated = coldDays[day] && minute >= 6 * 60 && minute < 23 * 60;
                Assert.Equal(heated ? HouseholdWeeks.HeatingWatts : 0, added[minute], 6);
            }
        }

        // The chain's stationary share is 0.2 / (0.2 + 0.3) = 0.4, and a cold day is followed by another with 0.7.
        double share = coldDays.Count(c => c) / 365.0;
        Assert.InRange(share, 0.3, 0.5);
        int coldFollowedByCold = Enumerable.Range(0, 364).Count(d => coldDays[d] && coldDays[d + 1]);
        int coldBeforeAnother = Enumerable.Range(0, 364).Count(d => coldDays[d]);
        Assert.InRange(coldFollowedByCold / (double)coldBeforeAnother, 0.6, 0.8);
    }

    [Fact]
    public void Generate_StartsOnAMondayAfterTwoWeeksOfWarmUp_WithNoPvAtNight()
    {
        Scenario week = HouseholdWeeks.Generate(7, 1);

        Assert.Equal(7 * MinutesPerDay, week.Minutes);
        Assert.Equal(HouseholdWeeks.WarmupDays * MinutesPerDay, week.WarmupLoad.Length);
        long unixDay = week.StartUnixMilliseconds / 86_400_000;
        Assert.Equal(0, week.StartUnixMilliseconds % 86_400_000);
        Assert.Equal(DayOfWeek.Monday, DateTimeOffset.FromUnixTimeMilliseconds(unixDay * 86_400_000).DayOfWeek);
        for (int day = 0; day < 7; day++)
        {
            Assert.Equal(0, week.Pv[(day * MinutesPerDay) + (3 * 60)]);
            Assert.True(week.Pv[(day * MinutesPerDay) + (13 * 60)] > 0);
        }
    }

    [Theory]
    [InlineData("all", HouseholdWeeks.Effects.All)]
    [InlineData("none", HouseholdWeeks.Effects.None)]
    [InlineData("weekends, cold", HouseholdWeeks.Effects.Weekends | HouseholdWeeks.Effects.ColdSpells)]
    public void ParseEffects_ReadsTheNamesOfTheCommandLine(string text, HouseholdWeeks.Effects expected)
    {
        Assert.Equal(expected, HouseholdSpread.ParseEffects(text));
    }

    [Fact]
    public void ParseEffects_RejectsAnUnknownEffectByName()
    {
        var error = Assert.Throws<ArgumentException>(() => HouseholdSpread.ParseEffects("weekends,holidays"));
        Assert.Contains("holidays", error.Message, StringComparison.Ordinal);
    }

    // The day-ahead PV oracle knows each day's energy and nothing of its clouds: its slots add up
    // to the day's true PV and follow the clear-sky shape, so two slots of a day stand in the
    // clear sky's ratio whatever passed over them.
    [Fact]
    public void DayPvForecast_KeepsEachDaysEnergy_OnTheClearSkyShape()
    {
        Scenario days = HouseholdWeeks.Generate(3, 5);
        var device = new EdgeController.Core.Planning.ProfileSlotForecast(new EdgeController.Core.Planning.DayProfileForecaster());
        var forecast = new DayPvForecast(days.Pv, HouseholdWeeks.ClearSkyWatts, device);

        for (int day = 0; day < 3; day++)
        {
            forecast.Minute = day * MinutesPerDay;
            double forecastWattMinutes = Enumerable.Range(0, 96).Sum(slot => forecast.PvMilliwattsAt(0, slot) / 1000.0 * 15);
            double trueWattMinutes = days.Pv.Skip(day * MinutesPerDay).Take(MinutesPerDay).Sum();
            Assert.Equal(trueWattMinutes, forecastWattMinutes, trueWattMinutes * 1e-4);
            double nine = forecast.PvMilliwattsAt(0, 36);
            double noon = forecast.PvMilliwattsAt(0, 48);
            double clearNine = Enumerable.Range(9 * 60, 15).Average(m => HouseholdWeeks.ClearSkyWatts(m / 60.0));
            double clearNoon = Enumerable.Range(12 * 60, 15).Average(m => HouseholdWeeks.ClearSkyWatts(m / 60.0));
            Assert.Equal(clearNine / clearNoon, nine / noon, 3);
        }

        // The load is the device's own forecast, not the truth.
        Assert.Equal(device.LoadMilliwattsAt(0, 10), forecast.LoadMilliwattsAt(0, 10));
    }

    [Fact]
    public void HouseholdSpread_SummarisesItsSeeds_AndTheDayAheadPvRunOnlyWhenAsked()
    {
        var output = new StringWriter();

        HouseholdSpread.Write(2, 1, HouseholdWeeks.Effects.All, output, dayAheadPv: true);

        string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string[] seedLines = lines.Where(l => l.StartsWith("household_seed_", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, seedLines.Length);
        double[] captured = seedLines.Select(l => Field(l, "saving_captured_causal_percent")).ToArray();
        double[] capturedDayAhead = seedLines.Select(l => Field(l, "saving_captured_pv_forecast_percent")).ToArray();
        Assert.Equal(captured.Average(), Field(lines.Single(l => l.StartsWith("household_saving_captured_causal_percent_mean=", StringComparison.Ordinal)), "household_saving_captured_causal_percent_mean"), 0.06);
        // The summary's shares carry one decimal, the seeds' two: equal to within the rounding of one.
        Assert.Equal(capturedDayAhead.Min(), Field(lines.Single(l => l.StartsWith("household_saving_captured_pv_forecast_percent_worst=", StringComparison.Ordinal)), "household_saving_captured_pv_forecast_percent_worst"), 0.051);
        Assert.Equal(captured.Count(c => c < HouseholdSpread.TargetSavingCapturedPercent), Field(lines.Single(l => l.StartsWith("household_seeds_below_saving_target_causal=", StringComparison.Ordinal)), "household_seeds_below_saving_target_causal"));

        var without = new StringWriter();
        HouseholdSpread.Write(1, 1, HouseholdWeeks.Effects.None, without);
        Assert.DoesNotContain("pv_forecast", without.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 28)]
    [InlineData(6, 0)]
    public void HouseholdSpread_RejectsNoSeedsOrNoDays(int count, int days)
    {
        Assert.Throws<ArgumentException>(() => HouseholdSpread.Write(count, days, HouseholdWeeks.Effects.All, new StringWriter()));
    }

    private static double Field(string line, string key)
    {
        string field = line.Split(' ').Single(f => f.StartsWith(key + "=", StringComparison.Ordinal));
        return double.Parse(field[(field.IndexOf('=', StringComparison.Ordinal) + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
