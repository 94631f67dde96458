namespace EdgeController.Hal.Simulation.Serial;

/// <summary>
/// A serial line a test or the simulator drives: bytes typed with <see cref="Type(byte[])"/>
/// are what the device reads; what the device writes is kept for <see cref="TakeOutput"/> and,
/// when a sink is given, passed on (to standard output or a pseudo-terminal). Thread-safe, so a
/// reader thread can type while the device loop reads.
/// </summary>
public sealed class SimulatedConsolePort : IConsolePort
{
    private readonly Queue<byte> _input = new();
    private readonly MemoryStream _output = new();
    private readonly Action<byte[], int, int>? _sink;
    private readonly bool _keepOutput;
    private readonly object _sync = new();

    /// <summary>Creates a port that keeps its output for <see cref="TakeOutput"/>.</summary>
    public SimulatedConsolePort()
    {
        _keepOutput = true;
    }

    /// <summary>Creates a port whose output goes to sink as it is written (and is not kept).</summary>
    public SimulatedConsolePort(Action<byte[], int, int> sink)
    {
        _sink = sink;
    }

    /// <summary>Bytes typed but not read yet.</summary>
    public int PendingInput
    {
        get
        {
            lock (_sync)
            {
                return _input.Count;
            }
        }
    }

    /// <summary>Queues bytes for the device to read, as if typed on the terminal.</summary>
    public void Type(byte[] bytes) => Type(bytes, 0, bytes.Length);

    /// <summary>Queues bytes[offset..offset+count) for the device to read.</summary>
    public void Type(byte[] bytes, int offset, int count)
    {
        lock (_sync)
        {
            for (int i = 0; i < count; i++)
            {
                _input.Enqueue(bytes[offset + i]);
            }
        }
    }

    /// <summary>Queues ASCII text (use "\r" for Enter).</summary>
    public void Type(string text) => Type(global::System.Text.Encoding.ASCII.GetBytes(text));

    /// <summary>Everything written since the last call, as text (Latin-1: one char per byte).</summary>
    public string TakeOutput()
    {
        lock (_sync)
        {
            string text = global::System.Text.Encoding.Latin1.GetString(_output.GetBuffer(), 0, (int)_output.Length);
            _output.SetLength(0);
            return text;
        }
    }

    /// <inheritdoc />
    public int Read(byte[] buffer, int offset, int count)
    {
        lock (_sync)
        {
            int read = 0;
            while (read < count && _input.Count > 0)
            {
                buffer[offset + read] = _input.Dequeue();
                read++;
            }

            return read;
        }
    }

    /// <inheritdoc />
    public void Write(byte[] data, int offset, int count)
    {
        lock (_sync)
        {
            if (_keepOutput)
            {
                _output.Write(data, offset, count);
            }
        }

        _sink?.Invoke(data, offset, count);
    }
}
