using EdgeController.Core.Planning;
using EdgeController.Hal.Simulation.Models;

namespace EdgeController.Bench.Days;

/// <summary>
/// The standard site of the day benchmarks: 2.5 kWp of PV, a household of about 20 kWh a day,
/// a 10 kWh battery (10 % floor, 95 % one-way efficiency each way, 5 kW either way) and a
/// time-of-use tariff: 0.10 per kWh from 0 to 7 h, 0.20 from 7 to 17 h and 21 to 24 h, 0.40 from
/// 17 to 21 h, export paid 0.05. Minute-by-minute PV and load from <see cref="SiteDayProfile"/>.
/// </summary>
public sealed class DaysSite
{
    public const double PvPeakWatts = 2500;
    public const double LoadBaseWatts = 600;
    public const double CapacityWattHours = 10_000;
    public const double FloorFraction = 0.10;
    public const double ChargeEfficiency = 0.95;
    public const double DischargeEfficiency = 0.95;
    public const double MaxBatteryWatts = 5000;
    public const double ExportLimitWatts = 5000;
    public const double ImportLimitWatts = 15_000;
    public const int OffPeakMicrocurrency = 100_000;
    public const int ShoulderMicrocurrency = 200_000;
    public const int PeakMicrocurrency = 400_000;
    public const int ExportMicrocurrency = 50_000;
    public const int MinutesPerDay = 1440;

    /// <summary>Import price by hour, microcurrency per kWh.</summary>
    public static int ImportPriceAtHour(int hour) => hour < 7 ? OffPeakMicrocurrency : (hour >= 17 && hour < 21 ? PeakMicrocurrency : ShoulderMicrocurrency);

    /// <summary>The tariff as the firmware holds it.</summary>
    public static TimeOfUseTariff Tariff()
    {
        var tariff = new TimeOfUseTariff(ShoulderMicrocurrency, ExportMicrocurrency);
        tariff.SetImportPrice(0, 7, OffPeakMicrocurrency);
        tariff.SetImportPrice(17, 21, PeakMicrocurrency);
        return tariff;
    }

    /// <summary>Grid cost of one minute at a grid power (W, positive = import), currency.</summary>
    public static double MinuteCost(int minuteOfDay, double gridWatts)
    {
        double kilowattHours = gridWatts / 1000.0 / 60.0;
        double priceMicro = gridWatts > 0 ? ImportPriceAtHour(minuteOfDay / 60) : ExportMicrocurrency;
        return kilowattHours * priceMicro / 1e6;
    }

    /// <summary>Value of the energy left above the floor at the end, currency: it would displace off-peak imports after losses.</summary>
    public static double TerminalValue(double storedWattHours) =>
        Math.Max(0, storedWattHours - (FloorFraction * CapacityWattHours)) / 1000.0 * DischargeEfficiency * OffPeakMicrocurrency / 1e6;

    /// <summary>Minute series of PV and load, W, for some days of a weather, day indexes from firstDay.</summary>
    public static (double[] Pv, double[] Load) Series(DayWeather weather, int firstDay, int days, int seed)
    {
        var profile = new SiteDayProfile(PvPeakWatts, LoadBaseWatts, seed);
        var pv = new double[days * MinutesPerDay];
        var load = new double[days * MinutesPerDay];
        for (int d = 0; d < days; d++)
        {
            for (int m = 0; m < MinutesPerDay; m++)
            {
                // The mean over the minute from four samples: a minute's energy, not one instant.
                double pvSum = 0;
                double loadSum = 0;
                for (int s = 0; s < 60; s += 15)
                {
                    pvSum += profile.PvWatts(firstDay + d, weather, (m * 60) + s);
                    loadSum += profile.LoadWatts(firstDay + d, weather, (m * 60) + s);
                }

                pv[(d * MinutesPerDay) + m] = pvSum / 4;
                load[(d * MinutesPerDay) + m] = loadSum / 4;
            }
        }

        return (pv, load);
    }
}
