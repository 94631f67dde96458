namespace EdgeController.Hal
{
    /// <summary>
    /// The device's sense of time. Logic never reads the system clock itself: it asks this,
    /// so that a test or the simulator can drive time deterministically.
    /// </summary>
    public interface IClock
    {
        /// <summary>Milliseconds since boot. Monotonic: never stepped by time sync. Use it for periods and timeouts.</summary>
        long UptimeMilliseconds { get; }

        /// <summary>Wall-clock time, UTC, as Unix milliseconds. Only meaningful when <see cref="IsWallClockSynchronized"/>.</summary>
        long UnixTimeMilliseconds { get; }

        /// <summary>True once the wall clock has been set from a trusted source (SNTP on the device).</summary>
        bool IsWallClockSynchronized { get; }
    }
}
