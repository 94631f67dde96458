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
}
