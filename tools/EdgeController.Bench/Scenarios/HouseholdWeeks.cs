using EdgeController.Bench.Days;

namespace EdgeController.Bench.Scenarios;

/// <summary>
/// Weeks of a household whose load differs from day to day as a whole, which the standard days
/// and the year (every day's load from the same distribution) cannot show: weekends (x1.25),
/// guests on one day in ten (x1.3) and cold spells (900 W of heating from 06:00 to 23:00; a spell
/// starts on a day with 0.2 and goes on with 0.7), on the standard day's two load peaks with ±15 %
/// noise and 2 kW appliance bursts, under 2.5 kWp of PV whose days are clear, broken or overcast
/// in a Markov chain. The fixed TOU tariff; the site of <see cref="DaysSite"/>. It is the trace
/// generator Traces/day_level_load.py (issue 16, step 7) brought into the bench, with each
/// effect switchable so that its share of the gap can be measured.
/// </summary>
public static class HouseholdWeeks
{
    /// <summary>Days the forecaster watches before the counted ones: two weeks, so that it has seen four weekend days.</summary>
    public const int WarmupDays = 14;

    /// <summary>Monday 2026-03-02 00:00, site-local (UTC offset 0): the first warm-up day.</summary>
    public const long FirstMidnightUnixMilliseconds = 1_772_409_600_000;

    public const double WeekendLoadFactor = 1.25;

    public const double GuestsLoadFactor = 1.3;

    public const double GuestsProbability = 0.1;

    public const double HeatingWatts = 900;

    public const double ColdSpellStartProbability = 0.2;

    public const double ColdSpellContinueProbability = 0.7;

    public const double PeakPvWatts = 2500;

    /// <summary>Which day-level effects the load has (all of them by default).</summary>
    [Flags]
    public enum Effects
    {
        None = 0,
        Weekends = 1,
        Guests = 2,
        ColdSpells = 4,
        All = Weekends | Guests | ColdSpells,
    }

    private enum Sky
    {
        Clear,
        Broken,
        Overcast,
    }

    private static readonly double[][] SkyNext = [[.6, .3, .1], [.3, .4, .3], [.15, .35, .5]];

    /// <summary>days counted after <see cref="WarmupDays"/>, from seed, with the given effects.</summary>
    public static Scenario Generate(int days, int seed, Effects effects = Effects.All)
    {
        int warm = WarmupDays * DaysSite.MinutesPerDay;
        (double[] pv, double[] load) = Series(WarmupDays + days, seed, effects);
        (double[] import, double[] export) = ScenarioSuites.TimeOfUse(days);
        return new Scenario
        {
            Name = "household",
            Pv = pv[warm..],
            Load = load[warm..],
            ImportPrice = import,
            ExportPrice = export,
            Publication = PricePublication.FixedTimeOfUse,
            StartUnixMilliseconds = FirstMidnightUnixMilliseconds + (warm * 60_000L),
            WarmupPv = pv[..warm],
            WarmupLoad = load[..warm],
        };
    }

    /// <summary>PV and load (W, each minute's mean) of the given days from the first Monday.</summary>
    public static (double[] Pv, double[] Load) Series(int days, int seed, Effects effects)
    {
        var random = new Random(seed);
        var pv = new double[days * DaysSite.MinutesPerDay];
        var load = new double[pv.Length];
        Sky sky = Sky.Clear;
        bool cold = false;
        double shade = 1.0;
        for (int day = 0; day < days; day++)
        {
            // Every draw is made whatever the effects, so that switching one off leaves the rest of the seed's days as they were.
            sky = Next(sky, random.NextDouble());
            bool coldDraw = random.NextDouble() < (cold ? ColdSpellContinueProbability : ColdSpellStartProbability);
            bool guestsDraw = random.NextDouble() < GuestsProbability;
            cold = coldDraw;
            bool weekend = day % 7 >= 5;
            double dayFactor = (weekend && effects.HasFlag(Effects.Weekends) ? WeekendLoadFactor : 1.0)
                * (guestsDraw && effects.HasFlag(Effects.Guests) ? GuestsLoadFactor : 1.0);
            bool heating = cold && effects.HasFlag(Effects.ColdSpells);
            for (int minute = 0; minute < DaysSite.MinutesPerDay; minute++)
            {
                double hour = minute / 60.0;
                int t = (day * DaysSite.MinutesPerDay) + minute;
                double shadeDraw = random.NextDouble();
                if (hour > 6 && hour < 19.5)
                {
                    double clearSky = ClearSkyWatts(hour);
                    if (sky == Sky.Broken && shadeDraw < 0.08)
                    {
                        shade = shade == 1.0 ? 0.35 : 1.0;
                    }

                    pv[t] = clearSky * sky switch { Sky.Clear => 0.97, Sky.Overcast => 0.25, _ => shade };
                }

                double shape = 1 + (0.9 * Math.Exp(-Math.Pow((hour - 7.5) / 1.1, 2))) + (1.6 * Math.Exp(-Math.Pow((hour - 19.5) / 1.7, 2)));
                double watts = 500 * shape * dayFactor * (1 + (0.15 * ((2 * random.NextDouble()) - 1)));
                if (heating && hour >= 6 && hour < 23)
                {
                    watts += HeatingWatts;
                }

                double burstDraw = random.NextDouble();
                if (minute % 15 < 5 && burstDraw < 0.03)
                {
                    watts += 2000;
                }

                load[t] = watts;
            }
        }

        return (pv, load);
    }

    /// <summary>The clear-sky PV at an hour of the day (06:00 to 19:30), W.</summary>
    public static double ClearSkyWatts(double hour) =>
        hour > 6 && hour < 19.5 ? PeakPvWatts * Math.Pow(Math.Sin(Math.PI * (hour - 6) / 13.5), 1.3) : 0;

    private static Sky Next(Sky sky, double draw)
    {
        double[] row = SkyNext[(int)sky];
        return draw < row[0] ? Sky.Clear : draw < row[0] + row[1] ? Sky.Broken : Sky.Overcast;
    }
}
