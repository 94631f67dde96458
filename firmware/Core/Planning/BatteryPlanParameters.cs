using EdgeController.Core.FixedPoint;

namespace EdgeController.Core.Planning
{
    /// <summary>What the planner needs to know about the battery and the operator's wishes.</summary>
    public sealed class BatteryPlanParameters
    {
        /// <summary>Energy between 0 % and 100 % SOC, mWh.</summary>
        public long CapacityMilliwattHours;

        /// <summary>SOC below which the battery is not discharged for economy, per mille (the cut-off's level).</summary>
        public int FloorSocPerMille;

        /// <summary>SOC above which the battery is not charged, per mille.</summary>
        public int CeilingSocPerMille = 1000;

        /// <summary>SOC kept for an outage in <see cref="OperatingMode.BackupReserve"/>, per mille.</summary>
        public int BackupReserveSocPerMille;

        /// <summary>Energy stored per energy charged, Q16.16.</summary>
        public int ChargeEfficiencyQ16 = Q16.FromRatio(95, 100);

        /// <summary>Energy delivered per energy taken from the cells, Q16.16.</summary>
        public int DischargeEfficiencyQ16 = Q16.FromRatio(95, 100);

        /// <summary>Largest charge power, mW.</summary>
        public int MaximumChargeMilliwatts;

        /// <summary>Largest discharge power, mW.</summary>
        public int MaximumDischargeMilliwatts;

        /// <summary>The technician's setpoint in <see cref="OperatingMode.Manual"/>, mW, positive = discharge.</summary>
        public int ManualBatteryDischargeMilliwatts;
    }
}
