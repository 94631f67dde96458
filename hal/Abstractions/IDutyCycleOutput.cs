namespace EdgeController.Hal
{
    /// <summary>
    /// A PWM output whose duty stands for an analog setpoint (through an RC filter on the board),
    /// in parts per ten thousand. What a duty means (a battery power, a PV limit) is Core's
    /// (Control/SetpointDuty.cs); the output only drives it.
    /// </summary>
    public interface IDutyCycleOutput
    {
        /// <summary>Sets the duty, 0..10000; false when the output refused it (it keeps the previous one).</summary>
        bool TrySetDutyPerTenThousand(int dutyPerTenThousand);
    }
}
