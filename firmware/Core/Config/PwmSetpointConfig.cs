namespace EdgeController.Core.Config
{
    /// <summary>
    /// One analog setpoint input driven by PWM through an RC filter: the pin, and the power that
    /// full scale of the input stands for (the driven device's rating).
    /// </summary>
    public sealed class PwmSetpointConfig
    {
        /// <summary>The GPIO carrying the PWM.</summary>
        public int PwmGpio { get; set; }

        /// <summary>The power at full scale of the setpoint input, W (the converter's or PV controller's rating).</summary>
        public int RatedWatts { get; set; }
    }
}
