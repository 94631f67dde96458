using System;
using System.Threading;

namespace EdgeController.Hal.Simulation;

/// <summary>
/// A clock that moves only when told to: tests and the simulator advance it, so every control
/// and signing run is reproducible. Thread-safe.
/// </summary>
public sealed class SimulatedClock : IClock
{
    private long _uptimeMilliseconds;
    private long _unixTimeAtBootMilliseconds;
    private int _synchronized;

    /// <summary>Starts at uptime 0 with the wall clock at the given Unix time.</summary>
    public SimulatedClock(long unixTimeAtBootMilliseconds, bool synchronized = true)
    {
        _unixTimeAtBootMilliseconds = unixTimeAtBootMilliseconds;
        _synchronized = synchronized ? 1 : 0;
    }

    /// <inheritdoc />
    public long UptimeMilliseconds => Interlocked.Read(ref _uptimeMilliseconds);

    /// <inheritdoc />
    public long UnixTimeMilliseconds => Interlocked.Read(ref _unixTimeAtBootMilliseconds) + UptimeMilliseconds;

    /// <inheritdoc />
    public bool IsWallClockSynchronized => Volatile.Read(ref _synchronized) != 0;

    /// <summary>Moves time forward.</summary>
    public void Advance(long milliseconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(milliseconds);
        Interlocked.Add(ref _uptimeMilliseconds, milliseconds);
    }

    /// <summary>Steps the wall clock (as SNTP would) without touching uptime.</summary>
    public void SetWallClock(long unixTimeMilliseconds, bool synchronized)
    {
        Interlocked.Exchange(ref _unixTimeAtBootMilliseconds, unixTimeMilliseconds - UptimeMilliseconds);
        Volatile.Write(ref _synchronized, synchronized ? 1 : 0);
    }
}
