namespace EdgeController.Core.Sensing
{
    /// <summary>Fault state of one measured channel after cleaning.</summary>
    public enum SensorHealth
    {
        /// <summary>No valid sample yet.</summary>
        NotReady = 0,

        /// <summary>The last sample was accepted (or a lone spike was held back).</summary>
        Ok = 1,

        /// <summary>The driver reported a failed read.</summary>
        ReadFailed = 2,

        /// <summary>The value is outside the physically possible range of the channel.</summary>
        OutOfRange = 3,

        /// <summary>The raw value has not changed for too many samples: a frozen converter or a dead bus.</summary>
        Stuck = 4,
    }
}
