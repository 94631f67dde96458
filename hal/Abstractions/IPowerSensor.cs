namespace EdgeController.Hal
{
    /// <summary>
    /// One DC power measurement point (an INA219 on the board): bus voltage and current through
    /// its shunt, already converted to integers at the hardware boundary.
    /// </summary>
    public interface IPowerSensor
    {
        /// <summary>
        /// Takes one measurement.
        /// </summary>
        /// <param name="busMillivolts">Bus voltage on the load side of the shunt, millivolts.</param>
        /// <param name="currentMilliamps">
        /// Current through the shunt, milliamps, positive in the channel's forward direction
        /// (the board config says which way that is for each channel).
        /// </param>
        /// <returns><see cref="SensorStatus.Ok"/>, or why the values are not valid.</returns>
        SensorStatus Read(out int busMillivolts, out int currentMilliamps);
    }
}
