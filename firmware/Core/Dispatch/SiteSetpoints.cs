namespace EdgeController.Core.Dispatch
{
    /// <summary>
    /// What the dispatcher decided for one tick, preallocated and overwritten each tick. Signs
    /// follow the bus: positive supplies the load.
    /// </summary>
    public sealed class SiteSetpoints
    {
        /// <summary>PV power to take, mW (0 .. available).</summary>
        public int PvMilliwatts;

        /// <summary>Available PV power left unused, mW (available - taken, never negative).</summary>
        public int PvCurtailedMilliwatts;

        /// <summary>Battery power, mW: positive = discharge into the bus, negative = charge.</summary>
        public int BatteryDischargeMilliwatts;

        /// <summary>Grid power, mW: positive = import from the grid, negative = export.</summary>
        public int GridMilliwatts;

        /// <summary>Load that no source could serve, mW (positive only when the sources fall short: shed it).</summary>
        public int UnservedLoadMilliwatts;

        /// <summary>Power that nothing could absorb, mW (positive only when even full curtailment cannot hold the export limit).</summary>
        public int UnabsorbedMilliwatts;

        /// <summary>Outcome of the underlying solve.</summary>
        public DispatchStatus Status;
    }
}
