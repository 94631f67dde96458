using System.Diagnostics;
using EdgeController.Hal;

namespace EdgeController.Simulator;

/// <summary>A device's flash with the time spent in it added to one total for all devices and its calls counted.</summary>
public sealed class TimedNonVolatileStore(INonVolatileStore inner) : INonVolatileStore
{
    private static long s_totalTicks;
    private static long s_writes;
    private static long s_appends;
    private static long s_reads;

    /// <summary>Whole-blob writes (each a temporary file and a rename on the host) since <see cref="ResetTotal"/>.</summary>
    public static long Writes => Interlocked.Read(ref s_writes);

    /// <summary>Appends since <see cref="ResetTotal"/>.</summary>
    public static long Appends => Interlocked.Read(ref s_appends);

    /// <summary>Reads of any kind (whole blob, at a position, size) since <see cref="ResetTotal"/>.</summary>
    public static long Reads => Interlocked.Read(ref s_reads);

    /// <summary>Time in every timed store since <see cref="ResetTotal"/>.</summary>
    public static TimeSpan TotalTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref s_totalTicks));

    /// <summary>Starts the total again.</summary>
    public static void ResetTotal()
    {
        Interlocked.Exchange(ref s_totalTicks, 0);
        Interlocked.Exchange(ref s_writes, 0);
        Interlocked.Exchange(ref s_appends, 0);
        Interlocked.Exchange(ref s_reads, 0);
    }

    /// <inheritdoc />
    public bool TryRead(string name, byte[] buffer, out int length)
    {
        long started = Stopwatch.GetTimestamp();
        bool found = inner.TryRead(name, buffer, out length);
        Interlocked.Increment(ref s_reads);
        Interlocked.Add(ref s_totalTicks, Stopwatch.GetTimestamp() - started);
        return found;
    }

    /// <inheritdoc />
    public void Write(string name, byte[] data, int length)
    {
        long started = Stopwatch.GetTimestamp();
        inner.Write(name, data, length);
        Interlocked.Increment(ref s_writes);
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
        Interlocked.Increment(ref s_appends);
        Interlocked.Add(ref s_totalTicks, Stopwatch.GetTimestamp() - started);
    }

    /// <inheritdoc />
    public int ReadAt(string name, int position, byte[] buffer, int offset, int count)
    {
        long started = Stopwatch.GetTimestamp();
        int read = inner.ReadAt(name, position, buffer, offset, count);
        Interlocked.Increment(ref s_reads);
        Interlocked.Add(ref s_totalTicks, Stopwatch.GetTimestamp() - started);
        return read;
    }

    /// <inheritdoc />
    public int SizeOf(string name)
    {
        long started = Stopwatch.GetTimestamp();
        int size = inner.SizeOf(name);
        Interlocked.Increment(ref s_reads);
        Interlocked.Add(ref s_totalTicks, Stopwatch.GetTimestamp() - started);
        return size;
    }
}
