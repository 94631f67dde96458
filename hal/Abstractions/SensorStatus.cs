namespace EdgeController.Hal
{
    /// <summary>Outcome of one sensor transaction. Anything but <see cref="Ok"/> leaves the outputs undefined.</summary>
    public enum SensorStatus
    {
        /// <summary>The measurement is valid.</summary>
        Ok = 0,

        /// <summary>The chip did not acknowledge its address or a byte on the bus.</summary>
        NoAcknowledge = 1,

        /// <summary>The bus or the converter did not answer in time.</summary>
        Timeout = 2,

        /// <summary>The chip reported an overflow: the true value is outside its range.</summary>
        Overflow = 3,

        /// <summary>The driver has not been configured or calibrated yet.</summary>
        NotReady = 4,
    }
}
