namespace EdgeController.Core.Battery
{
    /// <summary>
    /// Typical resting cell voltages for the supported chemistries at 25 °C, at 0 %, 5 %, ... 100 %.
    /// These are representative values assembled from manufacturers' published discharge and
    /// OCV curves (LiFePO4 prismatic cells, NMC 18650/pouch cells) and the usual lead-acid resting
    /// voltage table (about 11.6 V empty to 12.7 V full for 6 cells); they are starting points,
    /// and a board config that names a specific cell should carry that cell's datasheet curve.
    /// </summary>
    public static class OcvCurves
    {
        private static readonly int[] s_lifepo4CellMillivolts =
        {
            2500, 3000, 3180, 3220, 3240, 3255, 3265, 3273, 3280, 3286,
            3292, 3297, 3302, 3308, 3315, 3321, 3327, 3334, 3345, 3365, 3430,
        };

        private static readonly int[] s_nmcCellMillivolts =
        {
            3000, 3300, 3450, 3520, 3560, 3590, 3610, 3630, 3650, 3670,
            3690, 3720, 3750, 3790, 3830, 3870, 3920, 3970, 4030, 4100, 4180,
        };

        private static readonly int[] s_leadAcidCellMillivolts =
        {
            1933, 1943, 1952, 1962, 1971, 1981, 1990, 2000, 2009, 2019,
            2028, 2038, 2047, 2057, 2066, 2076, 2085, 2095, 2104, 2114, 2123,
        };

        /// <summary>The curve of a chemistry (a new wrapper of the shared table: call once at configuration).</summary>
        public static OcvCurve For(BatteryChemistry chemistry)
        {
            switch (chemistry)
            {
                case BatteryChemistry.Nmc:
                    return new OcvCurve(s_nmcCellMillivolts);
                case BatteryChemistry.LeadAcid:
                    return new OcvCurve(s_leadAcidCellMillivolts);
                default:
                    return new OcvCurve(s_lifepo4CellMillivolts);
            }
        }
    }
}
