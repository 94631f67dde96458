using System.Diagnostics;
using EdgeController.Hal;

namespace EdgeController.Simulator;

/// <summary>A device's flash with the time spent in it added to one total for all devices (the loop is single-threaded).</summary>
public sealed class TimedNonVolatileStore(INonVolatileStore inner) : INonVolatileStore
{
    private static long s_totalTicks;

    /// <summary>Time in every timed store since <see cref="ResetTotal"/>.</summary>
    public static TimeSpan TotalTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref s_totalTicks));

    /// <summary>Starts the total again.</summary>
    public static void ResetTotal() => Interlocked.Exchange(ref s_totalTicks, 0);

    /// <inheritdoc />
    public bool TryRead(string name, byte[] buffer, out int length)
    {
        long started = Stopwatch.GetTimestamp();
        bool found = inner.TryRead(name, buffer, out length);
        Interlocked.Add(ref s_totalTicks, Stopwatch.GetTimestamp() - started);
        return found;
    }

    /// <inheritdoc />
    public void Write(string name, byte[] data, int length)
    {
        long started = Stopwatch.GetTimestamp();
        inner.Write(name, data, length);
        Interlocked.Add(ref s_totalTicks, Stopwatch.GetTimestamp() - started);
    }

    /// <inheritdoc />
    public void Delete(string name)
    {
        long started = Stopwatch.GetTimestamp();
        inner.Delete(name);
        Interlocked.Add(ref s_totalTicks, Stopwatch.GetTimestamp() - started);
    }

    /// <inheritdoc />
    public void Append(string name, byte[] data, int offset, int count)
    {
        long started = Stopwatch.GetTimestamp();
        inner.Append(name, data, offset, count);
        Interlocked.Add(ref s_totalTicks, Stopwatch.GetTimestamp() - started);
    }

    /// <inheritdoc />
    public int ReadAt(string name, int position, byte[] buffer, int offset, int count)
    {
        long started = Stopwatch.GetTimestamp();
        int read = inner.ReadAt(name, position, buffer, offset, count);
        Interlocked.Add(ref s_totalTicks, Stopwatch.GetTimestamp() - started);
        return read;
    }

    /// <inheritdoc />
    public int SizeOf(string name)
    {
        long started = Stopwatch.GetTimestamp();
        int size = inner.SizeOf(name);
        Interlocked.Add(ref s_totalTicks, Stopwatch.GetTimestamp() - started);
        return size;
    }
}
