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
    private const int SlotsPerDay = 96;
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
        (int)(((long)LoadMilliwattsAt(minuteOfDay, slotsAhead) * ProfileSlotForecast.LoadSpreadPerMille / 1000)
            + ((long)PvMilliwattsAt(minuteOfDay, slotsAhead) * _spreadRule.PvSpreadPerMille() / 1000));

    private static int Slot(int minuteOfDay, int slotsAhead) => ((minuteOfDay / 15) + slotsAhead) % SlotsPerDay;

    private static double[] SlotMeans(double[] minutes)
    {
        var slots = new double[SlotsPerDay];
        int days = minutes.Length / 1440;
        for (int t = 0; t < days * 1440; t++)
        {
            slots[(t % 1440) / 15] += minutes[t] / 15 / days;
        }

        return slots;
    }
}
