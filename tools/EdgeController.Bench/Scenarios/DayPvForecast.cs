using EdgeController.Core.Planning;

namespace EdgeController.Bench.Scenarios;

/// <summary>
/// An oracle of a day-ahead PV forecast such as a weather service gives (issue 16, step 8): each
/// day's true PV energy, spread over the day on the clear-sky shape, so it knows an overcast day
/// from a clear one but not when a cloud passes. Load and the spread stay the device's. The firmware
/// given it shows what a PV forecast sent to the device would be worth against its own profile.
/// </summary>
public sealed class DayPvForecast : ISlotForecast, IScenarioMinute
{
    private const int MinutesPerDay = Days.DaysSite.MinutesPerDay;
    private readonly double[] _pvSlots;
    private readonly ProfileSlotForecast _device;

    /// <summary>pv: the scenario's PV from its minute 0 at midnight; clearSkyWatts: the clear-sky PV at an hour of the day.</summary>
    public DayPvForecast(double[] pv, Func<double, double> clearSkyWatts, ProfileSlotForecast device)
    {
        _device = device;
        int days = (pv.Length + MinutesPerDay - 1) / MinutesPerDay;
        _pvSlots = new double[(days + 1) * MinutesPerDay / ForwardPrices.SlotMinutes];
        double clearDayWattMinutes = Enumerable.Range(0, MinutesPerDay).Sum(m => clearSkyWatts(m / 60.0));
        for (int day = 0; day <= days; day++)
        {
            // Past the last day, the last day again (as the perfect forecast does).
            int source = Math.Min(day, days - 1);
            double dayWattMinutes = pv.Skip(source * MinutesPerDay).Take(MinutesPerDay).Sum();
            double clearness = clearDayWattMinutes > 0 ? dayWattMinutes / clearDayWattMinutes : 0;
            for (int m = 0; m < MinutesPerDay; m++)
            {
                _pvSlots[((day * MinutesPerDay) + m) / ForwardPrices.SlotMinutes] += clearness * clearSkyWatts(m / 60.0) / ForwardPrices.SlotMinutes;
            }
        }
    }

    /// <summary>The scenario minute now.</summary>
    public int Minute { get; set; }

    public int LoadMilliwattsAt(int minuteOfDay, int slotsAhead) => _device.LoadMilliwattsAt(minuteOfDay, slotsAhead);

    public int PvMilliwattsAt(int minuteOfDay, int slotsAhead) =>
        (int)Math.Round(_pvSlots[Math.Min((Minute / ForwardPrices.SlotMinutes) + slotsAhead, _pvSlots.Length - 1)] * 1000);

    public int SpreadMilliwattsAt(int minuteOfDay, int slotsAhead) =>
        _device.SpreadMilliwattsFor(LoadMilliwattsAt(minuteOfDay, slotsAhead), PvMilliwattsAt(minuteOfDay, slotsAhead));
}
