using EdgeController.Bench.Days;
using EdgeController.Hal.Simulation.Models;
using EdgeController.Simulator.Tariffs;

namespace EdgeController.Bench.Scenarios;

/// <summary>The scenario suites of the bench and the regression gate, each built from a seed.</summary>
public static class ScenarioSuites
{
    public const int WarmupDays = 3;

    /// <summary>The demand charge of the demand-charge month, currency per kW of the month's highest 15-minute mean import.</summary>
    public const double MonthlyDemandChargePerKilowatt = 12.0;

    /// <summary>The fixed time-of-use tariff of the standard site, per minute of the given days.</summary>
    public static (double[] Import, double[] Export) TimeOfUse(int days)
    {
        var import = new double[days * 1440];
        var export = new double[days * 1440];
        for (int t = 0; t < import.Length; t++)
        {
            import[t] = DaysSite.ImportPriceAtHour(t % 1440 / 60) / 1e6;
            export[t] = DaysSite.ExportMicrocurrency / 1e6;
        }

        return (import, export);
    }

    /// <summary>A standard day (sunny, cloudy, winter) of <see cref="DaysSite"/>, TOU tariff.</summary>
    public static Scenario StandardDays(DayWeather weather, int days, int seed)
    {
        (double[] warmupPv, double[] warmupLoad) = DaysSite.Series(weather, 0, DaysBenchmark.WarmupDays, seed);
        (double[] pv, double[] load) = DaysSite.Series(weather, DaysBenchmark.WarmupDays, days, seed);
        (double[] import, double[] export) = TimeOfUse(days);
        return new Scenario
        {
            Name = weather.ToString().ToLowerInvariant(),
            Pv = pv,
            Load = load,
            ImportPrice = import,
            ExportPrice = export,
            Publication = PricePublication.FixedTimeOfUse,
            WarmupPv = warmupPv,
            WarmupLoad = warmupLoad,
        };
    }

    /// <summary>How a year suite is priced.</summary>
    public enum YearPrices
    {
        TimeOfUse,
        Hourly,
        QuarterHourly,
    }

    /// <summary>
    /// Days of the seeded year (<see cref="YearWeather"/>) from firstDay, after three warm-up
    /// days, priced by the TOU tariff or by day-ahead prices (<see cref="DayAheadPrices"/>).
    /// </summary>
    public static Scenario Year(YearPrices prices, int seed, int firstDay = 0, int days = YearWeather.DaysPerYear, double demandChargePerKilowatt = 0)
    {
        int startDay = (firstDay - WarmupDays + YearWeather.DaysPerYear) % YearWeather.DaysPerYear;
        (double[] allPv, double[] allLoad, DaySky[] skies) = YearWeather.Generate(days + WarmupDays, seed, startDay);
        int warm = WarmupDays * 1440;
        double[] pv = allPv[warm..];
        double[] load = allLoad[warm..];
        double[] import;
        double[] export;
        if (prices == YearPrices.TimeOfUse)
        {
            (import, export) = TimeOfUse(days);
        }
        else
        {
            (double[] allImport, double[] allExport) = DayAheadPrices.Generate(skies, prices == YearPrices.Hourly ? 60 : 15, seed, startDay);
            import = allImport[warm..];
            export = allExport[warm..];
        }

        double terminal = Math.Max(0, import[^1440..].Min());
        return new Scenario
        {
            Name = $"year_{prices.ToString().ToLowerInvariant()}",
            Pv = pv,
            Load = load,
            ImportPrice = import,
            ExportPrice = export,
            Publication = prices == YearPrices.TimeOfUse ? PricePublication.FixedTimeOfUse : PricePublication.DayAhead,
            StepMinutes = prices == YearPrices.Hourly ? 60 : 15,
            WarmupPv = allPv[..warm],
            WarmupLoad = allLoad[..warm],
            TerminalPricePerKilowattHour = terminal,
            DemandChargePerKilowatt = demandChargePerKilowatt,
        };
    }

    /// <summary>The demand-charge month: January of the seeded year (30 days), TOU energy prices, 12 per kW of the month's peak.</summary>
    public static Scenario DemandMonth(int seed)
    {
        Scenario month = Year(YearPrices.TimeOfUse, seed, 0, 30, MonthlyDemandChargePerKilowatt);
        return new Scenario
        {
            Name = "demand_month",
            Pv = month.Pv,
            Load = month.Load,
            ImportPrice = month.ImportPrice,
            ExportPrice = month.ExportPrice,
            Publication = month.Publication,
            WarmupPv = month.WarmupPv,
            WarmupLoad = month.WarmupLoad,
            TerminalPricePerKilowattHour = month.TerminalPricePerKilowattHour,
            DemandChargePerKilowatt = MonthlyDemandChargePerKilowatt,
        };
    }

    /// <summary>
    /// Scenario i (0..99) of the regression gate: one day of a seeded year (seed 1000 + i, day
    /// 37 i mod 365), priced TOU (i mod 3 = 0), hourly (1) or quarter-hourly day-ahead (2); every
    /// tenth (i mod 10 = 9) adds a demand charge of 0.5 per kW of the day's peak.
    /// </summary>
    public static Scenario Regression(int index)
    {
        var prices = (YearPrices)(index % 3);
        double demand = index % 10 == 9 ? 0.5 : 0;
        Scenario day = Year(prices, 1000 + index, index * 37 % YearWeather.DaysPerYear, 1, demand);
        return day;
    }
}
