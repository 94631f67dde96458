namespace EdgeController.Core.Config
{
    /// <summary>
    /// The site around the board: the grid connection's limits, the local time zone, the
    /// battery's plan limits and the time-of-use tariff the dispatch starts from (a signed
    /// schedule from the gateway replaces the prices later).
    /// </summary>
    public sealed class SiteConfig
    {
        /// <summary>Local time minus UTC, minutes (the tariff's hours are local).</summary>
        public int UtcOffsetMinutes { get; set; }

        /// <summary>Most the site may import, W.</summary>
        public int GridImportLimitWatts { get; set; }

        /// <summary>Most the site may export (the grid operator's export limit), W; 0 = no export.</summary>
        public int GridExportLimitWatts { get; set; }

        /// <summary>The battery is never planned below this state of charge, per mille.</summary>
        public int FloorSocPerMille { get; set; }

        /// <summary>What backup-reserve mode keeps in the battery for an outage, per mille.</summary>
        public int BackupReserveSocPerMille { get; set; }

        /// <summary>The import price outside every period, µcurrency/kWh.</summary>
        public int ImportMicrocurrencyPerKilowattHour { get; set; }

        /// <summary>The export price, µcurrency/kWh.</summary>
        public int ExportMicrocurrencyPerKilowattHour { get; set; }

        /// <summary>
        /// The demand charge: price of the month's highest 15-minute mean import, µcurrency per kW
        /// (0 = none). The month is the site's local calendar month.
        /// </summary>
        public int DemandChargeMicrocurrencyPerKilowatt { get; set; }

        /// <summary>
        /// Under a demand charge, the 15-minute mean import the plan holds to, W (0 = the planner
        /// chooses the cap each day); once the month's peak is above it, the peak is the cap.
        /// </summary>
        public int PeakCapWatts { get; set; }

        /// <summary>Hours with another import price, in file order (a later period wins where two overlap).</summary>
        public TariffPeriodConfig[] TariffPeriods { get; set; }

        /// <summary>The local energy market's settings (the optional "market" section), or null: the device does not trade.</summary>
        public MarketConfig Market { get; set; }
    }
}
