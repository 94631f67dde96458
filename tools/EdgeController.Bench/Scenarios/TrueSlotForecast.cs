using EdgeController.Core.Planning;

namespace EdgeController.Bench.Scenarios;

/// <summary>The perfect forecast: the scenario's true 15-minute means (past the end, the last day's again).</summary>
public sealed class TrueSlotForecast : ISlotForecast, IScenarioMinute
{
    private readonly double[] _loadSlots;
    private readonly double[] _pvSlots;
    private readonly Scenario _scenario;

    public TrueSlotForecast(Scenario scenario)
    {
        _scenario = scenario;
        int slots = (scenario.Minutes + 15 + 14) / 15;
        _loadSlots = new double[slots + 1];
        _pvSlots = new double[slots + 1];
        int offset = scenario.StartMinuteOfDay % 15;
        for (int t = 0; t < scenario.Minutes; t++)
        {
            int slot = (t + offset) / 15;
            _loadSlots[slot] += scenario.Load[t] / 15;
            _pvSlots[slot] += scenario.Pv[t] / 15;
        }
    }

    /// <summary>The scenario minute now.</summary>
    public int Minute { get; set; }

    public int LoadMilliwattsAt(int minuteOfDay, int slotsAhead) => (int)(Slot(_loadSlots, slotsAhead) * 1000);

    public int PvMilliwattsAt(int minuteOfDay, int slotsAhead) => (int)(Slot(_pvSlots, slotsAhead) * 1000);

    /// <summary>The true future has no spread: the planner's own error is what "perfect" measures.</summary>
    public int SpreadMilliwattsAt(int minuteOfDay, int slotsAhead) => 0;

    private double Slot(double[] slots, int slotsAhead)
    {
        int slot = ((Minute + (_scenario.StartMinuteOfDay % 15)) / 15) + slotsAhead;
        int last = slots.Length - 2;
        while (slot > last && slot >= 96)
        {
            slot -= 96;
        }

        return slots[Math.Clamp(slot, 0, Math.Max(0, last))];
    }
}
