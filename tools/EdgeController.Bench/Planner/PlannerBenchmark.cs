using System.Diagnostics;
using EdgeController.Bench.Scenarios;
using EdgeController.Core.Control;
using EdgeController.Core.FixedPoint;
using EdgeController.Core.Planning;
using EdgeController.Core.Tariffs;

namespace EdgeController.Bench.Planner;

/// <summary>The planner's cost per tick as the device runs it.</summary>
public sealed record PlannerBenchmarkResult(int Ticks, long BytesAllocated, double MeanMicroseconds, double P99Microseconds, double MaxMicroseconds, int Passes);

/// <summary>
/// The planner alone (forecaster, planner with its slot optimiser at the device's 6 rows per
/// tick, tariff follower on a 140-slot day-ahead schedule) at 1 s ticks over a day of the seeded
/// year after three warm-up days: bytes allocated and host time per tick around the forecaster,
/// follower and plan. The pass itself runs once per 15-minute slot, spread over 24 ticks.
/// </summary>
public static class PlannerBenchmark
{
    public static PlannerBenchmarkResult Run(int seed)
    {
        Scenario s = ScenarioSuites.Year(ScenarioSuites.YearPrices.QuarterHourly, seed, 180, 2);
        var forecaster = new DayProfileForecaster();
        for (int t = 0; t < s.WarmupPv.Length; t++)
        {
            forecaster.Observe(t % 1440, (int)(s.WarmupLoad[t] * 1000), (int)(s.WarmupPv[t] * 1000), 60_000);
        }

        var parameters = new BatteryPlanParameters
        {
            CapacityMilliwattHours = 10_000_000,
            FloorSocPerMille = 100,
            MaximumChargeMilliwatts = 5_000_000,
            MaximumDischargeMilliwatts = 5_000_000,
            ChargeEfficiencyQ16 = Q16.FromRatio(95, 100),
            DischargeEfficiencyQ16 = Q16.FromRatio(95, 100),
        };
        var tariff = new TimeOfUseTariff(250_000, 100_000);
        SocTargetPlanner planner = EnergyControlBuilder.PlannerOf(parameters, forecaster, tariff, 5_000_000);
        SlotPlanner optimizer = planner.Optimizer;
        var schedule = new TariffSchedule();
        long[] import = new long[140];
        long[] export = new long[140];
        for (int k = 0; k < 140; k++)
        {
            import[k] = (long)(s.ImportPrice[Math.Min(s.Minutes - 1, 780 + (k * 15))] * 1e6);
            export[k] = (long)(s.ExportPrice[Math.Min(s.Minutes - 1, 780 + (k * 15))] * 1e6);
        }

        long start = s.StartUnixMilliseconds;
        schedule.SetSlots(1, start, 15, import, export, 140);
        var follower = new TariffFollower(schedule, tariff, 0) { ForwardPrices = optimizer.Prices };
        int ticks = 86_400;
        var times = new double[ticks];
        long allocated = 0;
        int soc = 500;
        for (int i = 0; i < ticks; i++)
        {
            int minute = i / 60;
            int minuteOfDay = (780 + minute) % 1440;
            int load = (int)(s.Load[minute] * 1000);
            int pv = (int)(s.Pv[minute] * 1000);
            long before = GC.GetAllocatedBytesForCurrentThread();
            long ticksBefore = Stopwatch.GetTimestamp();
            follower.Update(start + (i * 1000L), true);
            forecaster.Observe(minuteOfDay, load, pv, 1000);
            planner.Plan(minuteOfDay, soc, load, pv);
            optimizer.ObserveGrid(load - pv - planner.PreferredBatteryDischargeMilliwatts, 1000);
            times[i] = Stopwatch.GetElapsedTime(ticksBefore).TotalMicroseconds;
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            soc = Math.Clamp(soc - (planner.PreferredBatteryDischargeMilliwatts / 36_000_00), 100, 1000);
        }

        double[] sorted = times.Order().ToArray();
        return new PlannerBenchmarkResult(ticks, allocated, times.Average(), sorted[(int)(0.99 * ticks)], sorted[^1], optimizer.PassesCompleted);
    }
}
