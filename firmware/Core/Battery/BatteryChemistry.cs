namespace EdgeController.Core.Battery
{
    /// <summary>Cell chemistry, as named by the board config's battery section.</summary>
    public enum BatteryChemistry
    {
        /// <summary>Lithium iron phosphate (3.2 V nominal per cell): flat OCV plateau from about 20 % to 90 %.</summary>
        LiFePO4 = 0,

        /// <summary>Lithium nickel manganese cobalt oxide (3.6 V nominal per cell): sloped OCV over its range.</summary>
        Nmc = 1,

        /// <summary>Flooded or AGM lead-acid (2.0 V nominal per cell): nearly linear resting voltage.</summary>
        LeadAcid = 2,
    }
}
