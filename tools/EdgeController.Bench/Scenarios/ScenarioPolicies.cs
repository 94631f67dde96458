using System.Diagnostics;
using EdgeController.Bench.Days;
using EdgeController.Core.Commands;
using EdgeController.Core.Control;
using EdgeController.Core.Dispatch;
using EdgeController.Core.FixedPoint;
using EdgeController.Core.Planning;
using EdgeController.Core.Tariffs;

namespace EdgeController.Bench.Scenarios;

/// <summary>
/// The policies compared on a scenario, minute by minute on the battery model of
/// <see cref="ScenarioCost"/>. The baselines neither curtail nor plan: no battery exports all
/// surplus at any price; self-consumption stores surplus and serves deficits.
/// </summary>
public static class ScenarioPolicies
{
    /// <summary>A command is "clipped" when the dispatched battery power differs from the plan's by more than this, W.</summary>
    public const double ClipToleranceWatts = 50;

    public static PolicyOutcome NoBattery(Scenario s)
    {
        var cost = new ScenarioCost(s);
        for (int t = 0; t < s.Minutes; t++)
        {
            cost.Add(t, Math.Max(s.Load[t] - s.Pv[t], -DaysSite.ExportLimitWatts), 0);
        }

        return new PolicyOutcome(cost.Total(DaysSite.FloorFraction * DaysSite.CapacityWattHours), 0, 0, s.Minutes, cost.PeakWatts / 1000, 0);
    }

    public static PolicyOutcome SelfConsumption(Scenario s)
    {
        var cost = new ScenarioCost(s);
        double stored = s.InitialWattHours;
        for (int t = 0; t < s.Minutes; t++)
        {
            double battery = ScenarioCost.Limit(s.Load[t] - s.Pv[t], stored, out _, out _);
            stored = ScenarioCost.Apply(stored, battery);
            cost.Add(t, Math.Max(s.Load[t] - s.Pv[t] - battery, -DaysSite.ExportLimitWatts), battery);
        }

        return new PolicyOutcome(cost.Total(stored), cost.ThroughputKilowattHours, 0, s.Minutes, cost.PeakWatts / 1000, 0);
    }

    /// <summary>
    /// The firmware: forecaster, planner with its slot optimiser, tariff follower and site
    /// dispatcher from Core, fed integer milliwatts every minute. Prices reach it as the device's
    /// do: the board config's hourly tariff, or day-ahead tariff commands (v2, parsed by
    /// TariffCommandReader, applied to a TariffSchedule, followed by the TariffFollower) sent at
    /// 13:00 for the next day. perfectForecast gives the planner the true future load and PV;
    /// otherwise forecastOf, if given, replaces the device's slot forecast (it is handed that
    /// forecast, whose learned spread it may keep).
    /// </summary>
    public static PolicyOutcome Firmware(Scenario s, bool perfectForecast, Func<ProfileSlotForecast, ISlotForecast>? forecastOf = null)
    {
        var forecaster = new DayProfileForecaster();
        for (int t = 0; t < s.WarmupPv.Length; t++)
        {
            int warmupMinute = (s.StartMinuteOfDay + t - s.WarmupPv.Length + (1000 * DaysSite.MinutesPerDay)) % DaysSite.MinutesPerDay;
            forecaster.Observe(warmupMinute, (int)(s.WarmupLoad[t] * 1000), (int)(s.WarmupPv[t] * 1000), 60_000);
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
        TimeOfUseTariff tariff = ConfigTariff(s);
        var truth = new TrueSlotForecast(s);
        SocTargetPlanner planner = EnergyControlBuilder.PlannerOf(parameters, forecaster, tariff, (int)(DaysSite.ExportLimitWatts * 1000));
        SlotPlanner optimizer = planner.Optimizer;
        optimizer.MaximumSlotsPerPlan = ForwardPrices.MaximumSlots;
        optimizer.DemandChargeMicrocurrencyPerKilowatt = (int)Math.Round(s.DemandChargePerKilowatt * 1e6);
        if (perfectForecast)
        {
            optimizer.Forecast = truth;
        }
        else if (forecastOf != null)
        {
            optimizer.Forecast = forecastOf((ProfileSlotForecast)optimizer.Forecast);
        }

        var schedule = new TariffSchedule();
        var follower = new TariffFollower(schedule, tariff, 0) { ForwardPrices = optimizer.Prices };
        var command = new TariffCommand();
        var dispatcher = new SiteDispatcher(new SiteDispatchWeights());
        var input = new SiteDispatchInput
        {
            GridImportLimitMilliwatts = (int)(DaysSite.ImportLimitWatts * 1000),
            GridExportLimitMilliwatts = (int)(DaysSite.ExportLimitWatts * 1000),
        };
        var setpoints = new SiteSetpoints();
        var cost = new ScenarioCost(s);
        double stored = s.InitialWattHours;
        int clipped = 0;
        long sequence = 0;
        var clock = Stopwatch.StartNew();
        for (int t = 0; t < s.Minutes; t++)
        {
            int minuteOfDay = s.MinuteOfDay(t);
            long unixMilliseconds = s.StartUnixMilliseconds + (t * 60_000L);
            if (s.Publication == PricePublication.DayAhead && (t == 0 || minuteOfDay == 13 * 60))
            {
                Publish(s, t, minuteOfDay, ++sequence, command, schedule);
            }

            follower.Update(unixMilliseconds, true);
            if (optimizer.Forecast is IScenarioMinute future)
            {
                future.Minute = t;
            }

            optimizer.DemandPeriodDaysLeft = (s.Minutes - t + 1439) / 1440;
            int loadMilliwatts = (int)(s.Load[t] * 1000);
            int pvMilliwatts = (int)(s.Pv[t] * 1000);
            int socPerMille = (int)Math.Round(stored / DaysSite.CapacityWattHours * 1000);
            forecaster.Observe(minuteOfDay, loadMilliwatts, pvMilliwatts, 60_000);
            planner.Plan(minuteOfDay, socPerMille, loadMilliwatts, pvMilliwatts);

            ScenarioCost.Limit(0, stored, out double chargeLimitWatts, out double dischargeLimitWatts);
            input.LoadMilliwatts = loadMilliwatts;
            input.PvAvailableMilliwatts = pvMilliwatts;
            input.BatteryChargeLimitMilliwatts = (int)(chargeLimitWatts * 1000);
            input.BatteryDischargeLimitMilliwatts = (int)(dischargeLimitWatts * 1000);
            input.BatteryPreferredDischargeMilliwatts = planner.PreferredBatteryDischargeMilliwatts;
            input.BatteryEnergyValueMicrocurrencyPerKilowattHour = planner.BatteryEnergyValueMicrocurrencyPerKilowattHour;
            bool slotPrices = optimizer.Prices.Count > 0;
            input.ImportPriceMicrocurrencyPerKilowattHour = slotPrices ? optimizer.Prices.ImportAt(0) : tariff.ImportPriceAt(minuteOfDay / 60);
            input.ExportPriceMicrocurrencyPerKilowattHour = slotPrices ? optimizer.Prices.ExportAt(0) : tariff.ExportPriceAt(minuteOfDay / 60);
            dispatcher.Dispatch(input, setpoints);
            optimizer.ObserveGrid(setpoints.GridMilliwatts, 60_000);
            if (Math.Abs(setpoints.BatteryDischargeMilliwatts - planner.PreferredBatteryDischargeMilliwatts) > ClipToleranceWatts * 1000)
            {
                clipped++;
            }

            double battery = setpoints.BatteryDischargeMilliwatts / 1000.0;
            stored = ScenarioCost.Apply(stored, battery);
            cost.Add(t, setpoints.GridMilliwatts / 1000.0, battery);
            MinuteTrace?.Invoke(t, setpoints.GridMilliwatts / 1000.0, battery, stored);
        }

        double microseconds = clock.Elapsed.TotalMicroseconds / Math.Max(1, s.Minutes);
        return new PolicyOutcome(cost.Total(stored), cost.ThroughputKilowattHours, clipped, s.Minutes, cost.PeakWatts / 1000, microseconds);
    }

    /// <summary>The board config's tariff: the fixed hourly one, or for day-ahead prices a flat one at the mean (used only before the first command).</summary>
    private static TimeOfUseTariff ConfigTariff(Scenario s)
    {
        if (s.Publication == PricePublication.FixedTimeOfUse)
        {
            var fixedTariff = new TimeOfUseTariff(s.HourlyImportMicro(0), s.HourlyExportMicro(0));
            for (int hour = 0; hour < 24; hour++)
            {
                fixedTariff.SetImportPrice(hour, hour + 1, s.HourlyImportMicro(hour));
            }

            return fixedTariff;
        }

        return new TimeOfUseTariff((int)(s.ImportPrice.Average() * 1e6), (int)(s.ExportPrice.Average() * 1e6));
    }

    /// <summary>
    /// The gateway's day-ahead command at minute t: from now (slot-aligned) to the end of
    /// tomorrow at 13:00 or later, else to the end of today; written as the v2 JSON, read back by
    /// the device's reader and applied as the command processor does.
    /// </summary>
    private static void Publish(Scenario s, int t, int minuteOfDay, long sequence, TariffCommand command, TariffSchedule schedule)
    {
        int step = s.StepMinutes;
        int first = t - (minuteOfDay % step);
        int endOfToday = t - minuteOfDay + DaysSite.MinutesPerDay;
        int end = minuteOfDay >= 13 * 60 ? endOfToday + DaysSite.MinutesPerDay : endOfToday;
        end = Math.Min(end, first + (TariffSchedule.MaximumSlots * step));
        var json = new System.Text.StringBuilder();
        json.Append("{\"v\":2,\"dev\":\"bench\",\"cmdseq\":").Append(sequence)
            .Append(",\"from\":").Append(s.StartUnixMilliseconds + (first * 60_000L))
            .Append(",\"step\":").Append(step).Append(",\"cmd\":\"tariff\",\"import\":[");
        AppendPrices(json, s.ImportPrice, first, end, step);
        json.Append("],\"export\":[");
        AppendPrices(json, s.ExportPrice, first, end, step);
        json.Append("]}");
        byte[] payload = System.Text.Encoding.ASCII.GetBytes(json.ToString());
        CommandRejection rejection = TariffCommandReader.TryReadAnyVersion(payload, 0, payload.Length, "bench", command);
        if (rejection != CommandRejection.None)
        {
            throw new InvalidOperationException($"tariff command refused: {rejection} ({payload.Length} bytes)");
        }

        command.ApplyTo(schedule);
        LargestCommandBytes = Math.Max(LargestCommandBytes, payload.Length);
    }

    /// <summary>Diagnostics: called after each minute of <see cref="Firmware"/> with (minute, grid W, battery W, stored Wh after).</summary>
    public static Action<int, double, double, double>? MinuteTrace { get; set; }

    /// <summary>The largest tariff command the bench has sent, bytes.</summary>
    public static int LargestCommandBytes { get; private set; }

    private static void AppendPrices(System.Text.StringBuilder json, double[] prices, int from, int end, int step)
    {
        for (int slot = from; slot < end; slot += step)
        {
            double sum = 0;
            int count = 0;
            for (int m = Math.Max(0, slot); m < slot + step && m < prices.Length; m++)
            {
                sum += prices[m];
                count++;
            }

            double mean = count > 0 ? sum / count : prices[^1];
            if (slot > from)
            {
                json.Append(',');
            }

            json.Append((long)Math.Round(mean * 1e6));
        }
    }
}
