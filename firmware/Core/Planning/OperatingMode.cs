namespace EdgeController.Core.Planning
{
    /// <summary>How the battery is run; chosen on the console or by the gateway.</summary>
    public enum OperatingMode
    {
        /// <summary>Self-consumption plus time-of-use arbitrage, both steered by the load and PV forecast.</summary>
        Auto = 0,

        /// <summary>The battery absorbs surplus PV and serves deficits, ignoring prices.</summary>
        SelfConsumption = 1,

        /// <summary>Arbitrage on the tariff alone: charge in cheap hours for the expensive ones, as if there were no PV.</summary>
        TimeOfUseArbitrage = 2,

        /// <summary>Keep the battery at or above the backup reserve for an outage; only the energy above it is used.</summary>
        BackupReserve = 3,

        /// <summary>The technician's fixed battery setpoint.</summary>
        Manual = 4,

        /// <summary>Battery idle (no charge, no discharge): PV and grid serve the load.</summary>
        Maintenance = 5,
    }
}
