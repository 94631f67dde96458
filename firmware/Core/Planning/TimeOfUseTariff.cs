namespace EdgeController.Core.Planning
{
    /// <summary>
    /// Import and export prices by hour of the local day, microcurrency per kWh. Filled from the
    /// board config at start; the gateway may later replace the whole schedule with one it sends
    /// (a day-ahead tariff), through <see cref="SetSchedule"/>. Copies into its own arrays, so the
    /// caller's buffers can be reused.
    /// </summary>
    public sealed class TimeOfUseTariff
    {
        /// <summary>Hours in the schedule.</summary>
        public const int HoursPerDay = 24;

        private readonly int[] _importMicrocurrencyPerKilowattHour = new int[HoursPerDay];
        private readonly int[] _exportMicrocurrencyPerKilowattHour = new int[HoursPerDay];

        /// <summary>Creates a flat tariff.</summary>
        public TimeOfUseTariff(int importMicrocurrencyPerKilowattHour, int exportMicrocurrencyPerKilowattHour)
        {
            for (int hour = 0; hour < HoursPerDay; hour++)
            {
                _importMicrocurrencyPerKilowattHour[hour] = importMicrocurrencyPerKilowattHour;
                _exportMicrocurrencyPerKilowattHour[hour] = exportMicrocurrencyPerKilowattHour;
            }
        }

        /// <summary>Schedules changed since start (1 after the gateway's first schedule).</summary>
        public int ScheduleVersion { get; private set; }

        /// <summary>
        /// Sets the import price of the hours [fromHour, toHour) (config: "17-21 at 0.40"); a range
        /// that ends at or before it starts wraps past midnight ("22-6" is 22:00 to 06:00).
        /// </summary>
        public void SetImportPrice(int fromHour, int toHour, int importMicrocurrencyPerKilowattHour)
        {
            if (fromHour < 0 || fromHour >= HoursPerDay || toHour < 0 || toHour > HoursPerDay)
            {
                throw new System.ArgumentOutOfRangeException("fromHour", "hours 0..24");
            }

            int count = toHour > fromHour ? toHour - fromHour : toHour + HoursPerDay - fromHour;
            for (int i = 0; i < count; i++)
            {
                _importMicrocurrencyPerKilowattHour[Wrap(fromHour + i)] = importMicrocurrencyPerKilowattHour;
            }
        }

        /// <summary>Replaces every hour's prices (24 each), as a schedule from the gateway does.</summary>
        public void SetSchedule(int[] importMicrocurrencyPerKilowattHour, int[] exportMicrocurrencyPerKilowattHour)
        {
            if (importMicrocurrencyPerKilowattHour.Length != HoursPerDay || exportMicrocurrencyPerKilowattHour.Length != HoursPerDay)
            {
                throw new System.ArgumentException("24 hourly prices each");
            }

            System.Array.Copy(importMicrocurrencyPerKilowattHour, _importMicrocurrencyPerKilowattHour, HoursPerDay);
            System.Array.Copy(exportMicrocurrencyPerKilowattHour, _exportMicrocurrencyPerKilowattHour, HoursPerDay);
            ScheduleVersion++;
        }

        /// <summary>Import price in an hour of the day (any integer: wraps), microcurrency per kWh.</summary>
        public int ImportPriceAt(int hour)
        {
            return _importMicrocurrencyPerKilowattHour[Wrap(hour)];
        }

        /// <summary>Export price in an hour of the day (any integer: wraps), microcurrency per kWh.</summary>
        public int ExportPriceAt(int hour)
        {
            return _exportMicrocurrencyPerKilowattHour[Wrap(hour)];
        }

        private static int Wrap(int hour)
        {
            int wrapped = hour % HoursPerDay;
            return wrapped < 0 ? wrapped + HoursPerDay : wrapped;
        }
    }
}
