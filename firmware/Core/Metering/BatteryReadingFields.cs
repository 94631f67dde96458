namespace EdgeController.Core.Metering
{
    /// <summary>
    /// What a reading says of the battery's control when the device runs it: the estimated state
    /// of charge, the pack temperature and the power the dispatch commanded. Overwritten each
    /// tick by the energy control; the formatter writes it after vbat_mv.
    /// </summary>
    public sealed class BatteryReadingFields
    {
        /// <summary>Estimated state of charge, per mille ("soc_permille").</summary>
        public int SocPerMille;

        /// <summary>Pack temperature, 0.1 °C ("tbat_decicelsius").</summary>
        public int TemperatureDeciCelsius;

        /// <summary>Battery power commanded, mW, positive = charge like the battery channel's bat_mw ("bat_set_mw").</summary>
        public int ChargeSetpointMilliwatts;
    }
}
