namespace EdgeController.Core.Charging
{
    /// <summary>Stage of the charge algorithm.</summary>
    public enum ChargeStage
    {
        /// <summary>Constant current: the derated maximum until the absorption voltage is reached.</summary>
        Bulk = 0,

        /// <summary>Constant voltage at the absorption voltage, current tapering.</summary>
        Absorption = 1,

        /// <summary>Constant voltage at the lower float voltage: the pack is full and held there.</summary>
        Float = 2,
    }
}
