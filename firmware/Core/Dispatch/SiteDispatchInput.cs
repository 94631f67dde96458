namespace EdgeController.Core.Dispatch
{
    /// <summary>
    /// What the dispatcher needs to know for one tick, preallocated and overwritten each tick.
    /// Limits are magnitudes (a negative limit is read as 0); prices may be negative.
    /// </summary>
    public sealed class SiteDispatchInput
    {
        /// <summary>Load on the bus, mW.</summary>
        public int LoadMilliwatts;

        /// <summary>PV power available now (the tracker's estimate of the maximum), mW.</summary>
        public int PvAvailableMilliwatts;

        /// <summary>Largest battery discharge now (after protection and derating), mW.</summary>
        public int BatteryDischargeLimitMilliwatts;

        /// <summary>Largest battery charge now (after protection and derating), mW, as a magnitude.</summary>
        public int BatteryChargeLimitMilliwatts;

        /// <summary>The plan's battery power (from the state-of-charge target), mW, positive = discharge.</summary>
        public int BatteryPreferredDischargeMilliwatts;

        /// <summary>
        /// What a kWh in the battery is worth now, microcurrency per kWh: the battery's price in the
        /// dispatch, so that it discharges beyond its plan only when the bus pays more than this
        /// and charges beyond it only when power is cheaper. The planner sets it.
        /// </summary>
        public int BatteryEnergyValueMicrocurrencyPerKilowattHour;

        /// <summary>Largest import the connection allows, mW.</summary>
        public int GridImportLimitMilliwatts;

        /// <summary>Largest export the connection agreement allows, mW (0 = zero export).</summary>
        public int GridExportLimitMilliwatts;

        /// <summary>Price of imported energy now, microcurrency per kWh.</summary>
        public int ImportPriceMicrocurrencyPerKilowattHour;

        /// <summary>Price paid for exported energy now, microcurrency per kWh.</summary>
        public int ExportPriceMicrocurrencyPerKilowattHour;
    }
}
