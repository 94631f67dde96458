namespace EdgeController.Core.Config
{
    /// <summary>One period of the time-of-use tariff: local hours [FromHour, ToHour) at one import price.</summary>
    public sealed class TariffPeriodConfig
    {
        /// <summary>First hour, 0..23.</summary>
        public int FromHour { get; set; }

        /// <summary>The hour after the last, 1..24 (above FromHour).</summary>
        public int ToHour { get; set; }

        /// <summary>Import price in these hours, µcurrency/kWh.</summary>
        public int ImportMicrocurrencyPerKilowattHour { get; set; }
    }
}
