using EdgeController.Core.Planning;

namespace EdgeController.Bench.Scenarios;

/// <summary>
/// An oracle of the weather's expected day, not knowable on a device: each 15-minute slot's mean
/// load and PV over many other days of the same weather and seed, with the device forecast's own
/// spread rule. The firmware given it has learned the weather perfectly but still meets each
/// day's own bursts and clouds, so (expected − optimum) is the part of the gap no profile
/// forecaster can remove, and (causal − expected) what learning the profile from a few days costs.
/// </summary>
public sealed class ExpectedSlotForecast : ISlotForecast
{
    private const int SlotsPerDay = Days.DaysSite.MinutesPerDay / ForwardPrices.SlotMinutes;
    private readonly double[] _loadSlots;
    private readonly double[] _pvSlots;
    private readonly ProfileSlotForecast _spreadRule;

    public ExpectedSlotForecast(double[] pv, double[] load, ProfileSlotForecast spreadRule)
    {
        _spreadRule = spreadRule;
        _loadSlots = SlotMeans(load);
        _pvSlots = SlotMeans(pv);
    }

    public int LoadMilliwattsAt(int minuteOfDay, int slotsAhead) => (int)Math.Round(_loadSlots[Slot(minuteOfDay, slotsAhead)] * 1000);

    public int PvMilliwattsAt(int minuteOfDay, int slotsAhead) => (int)Math.Round(_pvSlots[Slot(minuteOfDay, slotsAhead)] * 1000);

    public int SpreadMilliwattsAt(int minuteOfDay, int slotsAhead) =>
        _spreadRule.SpreadMilliwattsFor(LoadMilliwattsAt(minuteOfDay, slotsAhead), PvMilliwattsAt(minuteOfDay, slotsAhead));

    private static int Slot(int minuteOfDay, int slotsAhead) => ((minuteOfDay / ForwardPrices.SlotMinutes) + slotsAhead) % SlotsPerDay;

    private static double[] SlotMeans(double[] minutes)
    {
        const int minutesPerDay = Days.DaysSite.MinutesPerDay;
        var slots = new double[SlotsPerDay];
        int days = minutes.Length / minutesPerDay;
        for (int t = 0; t < days * minutesPerDay; t++)
        {
            slots[(t % minutesPerDay) / ForwardPrices.SlotMinutes] += minutes[t] / ForwardPrices.SlotMinutes / days;
        }

        return slots;
    }
}
