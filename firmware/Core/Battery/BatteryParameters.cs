using EdgeController.Core.FixedPoint;

namespace EdgeController.Core.Battery
{
    /// <summary>
    /// The pack as the board config describes it: chemistry, cells in series, rated capacity and
    /// the coulombic efficiency assumed on charge. Immutable once built.
    /// </summary>
    public sealed class BatteryParameters
    {
        /// <summary>
        /// Default coulombic efficiency of lithium cells on charge: 0.99 (published values for LFP
        /// and NMC are 0.99 to 0.999; the lower end keeps the count from overestimating).
        /// </summary>
        public const int LithiumChargeEfficiencyPerMille = 990;

        /// <summary>Default coulombic efficiency of lead-acid on charge: 0.90 (0.85 to 0.95 is usual, worse near full).</summary>
        public const int LeadAcidChargeEfficiencyPerMille = 900;

        /// <summary>
        /// Smallest OCV slope the LiFePO4 correction trusts, mV per 50 ‰ (5 mV per %): its
        /// charge/discharge hysteresis of 10 to 15 mV then moves the SOC by at most 3 %.
        /// </summary>
        public const int LiFePO4OcvTrustSlopeMillivoltsPerStep = 25;

        /// <summary>NMC's threshold, mV per 50 ‰: its hysteresis is a few mV, so 2 mV per % keeps the error near 2 %.</summary>
        public const int NmcOcvTrustSlopeMillivoltsPerStep = 10;

        /// <summary>
        /// Lead-acid's threshold, mV per 50 ‰: its resting voltage rises about 9.5 mV per 5 % per
        /// cell everywhere and it has no usable hysteresis, so the whole curve is trusted.
        /// </summary>
        public const int LeadAcidOcvTrustSlopeMillivoltsPerStep = 5;

        /// <summary>Creates the parameters; the efficiency defaults to the chemistry's when 0 is given.</summary>
        public BatteryParameters(BatteryChemistry chemistry, int cellsInSeries, int capacityMilliampHours, int chargeEfficiencyPerMille)
        {
            if (cellsInSeries <= 0)
            {
                throw new System.ArgumentOutOfRangeException("cellsInSeries");
            }

            if (capacityMilliampHours <= 0)
            {
                throw new System.ArgumentOutOfRangeException("capacityMilliampHours");
            }

            if (chargeEfficiencyPerMille == 0)
            {
                chargeEfficiencyPerMille = chemistry == BatteryChemistry.LeadAcid
                    ? LeadAcidChargeEfficiencyPerMille
                    : LithiumChargeEfficiencyPerMille;
            }

            if (chargeEfficiencyPerMille < 500 || chargeEfficiencyPerMille > 1000)
            {
                throw new System.ArgumentOutOfRangeException("chargeEfficiencyPerMille", "0.5 to 1.0");
            }

            Chemistry = chemistry;
            CellsInSeries = cellsInSeries;
            CapacityMilliampHours = capacityMilliampHours;
            ChargeEfficiencyQ16 = Q16.FromRatio(chargeEfficiencyPerMille, 1000);
            OcvCurve = OcvCurves.For(chemistry);
            OcvTrustSlopeMillivoltsPerStep = chemistry == BatteryChemistry.LeadAcid
                ? LeadAcidOcvTrustSlopeMillivoltsPerStep
                : (chemistry == BatteryChemistry.Nmc ? NmcOcvTrustSlopeMillivoltsPerStep : LiFePO4OcvTrustSlopeMillivoltsPerStep);
        }

        /// <summary>Smallest local slope of the OCV curve, mV per 50 ‰, at which a rested voltage may correct the SOC.</summary>
        public int OcvTrustSlopeMillivoltsPerStep { get; private set; }

        /// <summary>Cell chemistry.</summary>
        public BatteryChemistry Chemistry { get; private set; }

        /// <summary>Cells in series.</summary>
        public int CellsInSeries { get; private set; }

        /// <summary>Rated capacity, mAh.</summary>
        public int CapacityMilliampHours { get; private set; }

        /// <summary>Fraction of charge current stored, Q16.16.</summary>
        public int ChargeEfficiencyQ16 { get; private set; }

        /// <summary>The chemistry's cell OCV curve.</summary>
        public OcvCurve OcvCurve { get; private set; }

        /// <summary>Rated capacity in milliamp-milliseconds, the estimator's unit of charge.</summary>
        public long CapacityMilliampMilliseconds
        {
            get { return (long)CapacityMilliampHours * MillisecondsPerHour; }
        }

        /// <summary>Milliseconds in an hour.</summary>
        public const long MillisecondsPerHour = 3600000;
    }
}
