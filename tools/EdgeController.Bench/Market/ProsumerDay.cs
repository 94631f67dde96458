using EdgeController.Hal.Simulation.Models;

namespace EdgeController.Bench.Market;

/// <summary>
/// One member's physical day, minute by minute: PV and load from its profile, a battery run by
/// the plain self-consumption rule (charge from surplus, discharge into deficit, 10 % floor, 95 %
/// each way, power up to half its capacity per hour), and what is left over at the grid meter,
/// summed per 15-minute slot as import and export Wh. The same physics under every pricing
/// baseline, so the comparison isolates the prices.
/// </summary>
public sealed class ProsumerDay
{
    public const int SlotsPerDay = 96;
    private const int MinutesPerSlot = 15;
    private const double Efficiency = 0.95;

    private ProsumerDay(double[] importWh, double[] exportWh, double loadWh, double pvWh, double[] slotLoadWh, double[] slotPvWh, double[] storedWh)
    {
        ImportWattHours = importWh;
        ExportWattHours = exportWh;
        LoadWattHours = loadWh;
        PvWattHours = pvWh;
        SlotLoadWattHours = slotLoadWh;
        SlotPvWattHours = slotPvWh;
        StoredAtSlotStartWattHours = storedWh;
    }

    /// <summary>Load per slot, Wh.</summary>
    public double[] SlotLoadWattHours { get; }

    /// <summary>PV per slot, Wh.</summary>
    public double[] SlotPvWattHours { get; }

    /// <summary>Energy in the battery at each slot's start, Wh (what a device knows when it orders, give or take the lead).</summary>
    public double[] StoredAtSlotStartWattHours { get; }

    /// <summary>Grid import per slot, Wh.</summary>
    public double[] ImportWattHours { get; }

    /// <summary>Grid export per slot, Wh.</summary>
    public double[] ExportWattHours { get; }

    /// <summary>The day's load, Wh.</summary>
    public double LoadWattHours { get; }

    /// <summary>The day's PV, Wh.</summary>
    public double PvWattHours { get; }

    /// <summary>Simulates day index dayIndex of a weather, from a battery half full.</summary>
    public static ProsumerDay Simulate(Prosumer prosumer, DayWeather weather, int dayIndex)
    {
        SiteDayProfile profile = new(prosumer.PvPeakWatts, prosumer.LoadBaseWatts, prosumer.Seed);
        double capacity = prosumer.BatteryWattHours;
        double stored = capacity / 2;
        double maxWatts = capacity / 2;
        double[] import = new double[SlotsPerDay];
        double[] export = new double[SlotsPerDay];
        double loadTotal = 0;
        double pvTotal = 0;
        double[] slotLoad = new double[SlotsPerDay];
        double[] slotPv = new double[SlotsPerDay];
        double[] storedAtStart = new double[SlotsPerDay];
        for (int minute = 0; minute < SlotsPerDay * MinutesPerSlot; minute++)
        {
            double pv = prosumer.PvPeakWatts > 0 ? profile.PvWatts(dayIndex, weather, (minute * 60) + 30) : 0;
            double load = profile.LoadWatts(dayIndex, weather, (minute * 60) + 30);
            loadTotal += load / 60;
            pvTotal += pv / 60;
            if (minute % MinutesPerSlot == 0)
            {
                storedAtStart[minute / MinutesPerSlot] = stored;
            }

            slotLoad[minute / MinutesPerSlot] += load / 60;
            slotPv[minute / MinutesPerSlot] += pv / 60;
            double net = load - pv; // W, positive = deficit
            double battery = 0; // W, positive = discharge
            if (capacity > 0 && net > 0)
            {
                battery = Math.Min(Math.Min(net, maxWatts), Math.Max(0, (stored - (0.1 * capacity)) * Efficiency * 60));
                stored -= battery / 60 / Efficiency;
            }
            else if (capacity > 0 && net < 0)
            {
                battery = -Math.Min(Math.Min(-net, maxWatts), Math.Max(0, (capacity - stored) / Efficiency * 60));
                stored -= battery / 60 * Efficiency;
            }

            double grid = net - battery;
            int slot = minute / MinutesPerSlot;
            if (grid > 0)
            {
                import[slot] += grid / 60;
            }
            else
            {
                export[slot] += -grid / 60;
            }
        }

        return new ProsumerDay(import, export, loadTotal, pvTotal, slotLoad, slotPv, storedAtStart);
    }
}
