using EdgeController.Core.Dispatch;
using EdgeController.Core.FixedPoint;
using EdgeController.Core.Planning;

namespace EdgeController.Bench.Days;

/// <summary>
/// The policies the day benchmark compares, each run minute by minute on an energy model of the
/// battery (the same one the optimum uses; the SOC the firmware sees is the true one here, since
/// estimation is benchmarked on its own by 'soc').
/// </summary>
public static class DayPolicies
{
    /// <summary>No battery at all: the grid takes every difference.</summary>
    public static double NoBattery(double[] pv, double[] load)
    {
        double cost = 0;
        for (int t = 0; t < pv.Length; t++)
        {
            cost += DaysSite.MinuteCost(t % DaysSite.MinutesPerDay, Math.Max(load[t] - pv[t], -DaysSite.ExportLimitWatts));
        }

        return cost;
    }

    /// <summary>The plain rule: charge with any surplus, discharge into any deficit, within limits.</summary>
    public static double SelfConsumption(double[] pv, double[] load, double initialWattHours)
    {
        double stored = initialWattHours;
        double cost = 0;
        for (int t = 0; t < pv.Length; t++)
        {
            double battery = Limit(load[t] - pv[t], stored, out _, out _);
            stored = Apply(stored, battery);
            cost += DaysSite.MinuteCost(t % DaysSite.MinutesPerDay, Math.Max(load[t] - pv[t] - battery, -DaysSite.ExportLimitWatts));
        }

        return cost - DaysSite.TerminalValue(stored);
    }

    /// <summary>
    /// The firmware: forecaster, planner (in the given mode) and site dispatcher from Core, fed
    /// integer milliwatts every minute. The forecaster first watches the warm-up days.
    /// </summary>
    public static double Firmware(double[] pv, double[] load, double[] warmupPv, double[] warmupLoad, double initialWattHours, OperatingMode mode)
    {
        var forecaster = new DayProfileForecaster();
        for (int t = 0; t < warmupPv.Length; t++)
        {
            forecaster.Observe(t % DaysSite.MinutesPerDay, (int)(warmupLoad[t] * 1000), (int)(warmupPv[t] * 1000), 60_000);
        }

        var parameters = new BatteryPlanParameters
        {
            CapacityMilliwattHours = (long)(DaysSite.CapacityWattHours * 1000),
            FloorSocPerMille = (int)(DaysSite.FloorFraction * 1000),
            ChargeEfficiencyQ16 = Q16.FromRatio((long)(DaysSite.ChargeEfficiency * 1000), 1000),
            DischargeEfficiencyQ16 = Q16.FromRatio((long)(DaysSite.DischargeEfficiency * 1000), 1000),
            MaximumChargeMilliwatts = (int)(DaysSite.MaxBatteryWatts * 1000),
            MaximumDischargeMilliwatts = (int)(DaysSite.MaxBatteryWatts * 1000),
        };
        var planner = new SocTargetPlanner(parameters, forecaster, DaysSite.Tariff()) { Mode = mode };
        var tariff = DaysSite.Tariff();
        var dispatcher = new SiteDispatcher(new SiteDispatchWeights());
        var input = new SiteDispatchInput
        {
            GridImportLimitMilliwatts = (int)(DaysSite.ImportLimitWatts * 1000),
            GridExportLimitMilliwatts = (int)(DaysSite.ExportLimitWatts * 1000),
        };
        var setpoints = new SiteSetpoints();
        double stored = initialWattHours;
        double cost = 0;
        for (int t = 0; t < pv.Length; t++)
        {
            int minuteOfDay = t % DaysSite.MinutesPerDay;
            int loadMilliwatts = (int)(load[t] * 1000);
            int pvMilliwatts = (int)(pv[t] * 1000);
            int socPerMille = (int)Math.Round(stored / DaysSite.CapacityWattHours * 1000);
            forecaster.Observe(minuteOfDay, loadMilliwatts, pvMilliwatts, 60_000);
            planner.Plan(minuteOfDay, socPerMille, loadMilliwatts, pvMilliwatts);

            Limit(0, stored, out double chargeLimitWatts, out double dischargeLimitWatts);
            input.LoadMilliwatts = loadMilliwatts;
            input.PvAvailableMilliwatts = pvMilliwatts;
            input.BatteryChargeLimitMilliwatts = planner.BatteryIdle ? 0 : (int)(chargeLimitWatts * 1000);
            input.BatteryDischargeLimitMilliwatts = planner.BatteryIdle ? 0 : (int)(dischargeLimitWatts * 1000);
            input.BatteryPreferredDischargeMilliwatts = planner.PreferredBatteryDischargeMilliwatts;
            input.BatteryEnergyValueMicrocurrencyPerKilowattHour = planner.BatteryEnergyValueMicrocurrencyPerKilowattHour;
            input.ImportPriceMicrocurrencyPerKilowattHour = tariff.ImportPriceAt(minuteOfDay / 60);
            input.ExportPriceMicrocurrencyPerKilowattHour = tariff.ExportPriceAt(minuteOfDay / 60);
            dispatcher.Dispatch(input, setpoints);

            double battery = setpoints.BatteryDischargeMilliwatts / 1000.0;
            stored = Apply(stored, battery);
            cost += DaysSite.MinuteCost(minuteOfDay, setpoints.GridMilliwatts / 1000.0);
        }

        return cost - DaysSite.TerminalValue(stored);
    }

    /// <summary>Clamps a wished battery power (W, positive = discharge) to the power and energy limits of the next minute.</summary>
    private static double Limit(double wishWatts, double stored, out double chargeLimitWatts, out double dischargeLimitWatts)
    {
        double floor = DaysSite.FloorFraction * DaysSite.CapacityWattHours;
        dischargeLimitWatts = Math.Clamp((stored - floor) * DaysSite.DischargeEfficiency * 60, 0, DaysSite.MaxBatteryWatts);
        chargeLimitWatts = Math.Clamp((DaysSite.CapacityWattHours - stored) / DaysSite.ChargeEfficiency * 60, 0, DaysSite.MaxBatteryWatts);
        return Math.Clamp(wishWatts, -chargeLimitWatts, dischargeLimitWatts);
    }

    private static double Apply(double stored, double batteryWatts) =>
        batteryWatts >= 0
            ? stored - (batteryWatts / 60.0 / DaysSite.DischargeEfficiency)
            : stored - (batteryWatts / 60.0 * DaysSite.ChargeEfficiency);
}
