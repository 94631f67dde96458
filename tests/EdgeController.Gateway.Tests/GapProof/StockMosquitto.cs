using System.Diagnostics;

namespace EdgeController.Gateway.Tests.GapProof;

/// <summary>
/// Debian's mosquitto as it ships: its default queue of 1000 messages for an absent session and
/// its in-flight window of 20, no persistence. Only the listener is set (127.0.0.1, a free port)
/// and anonymous clients allowed. It can be killed and started again on the same port, losing
/// whatever it queued, as a broker restarted without persistence does.
/// </summary>
public sealed class StockMosquitto : IDisposable
{
    private readonly string _config;
    private Process _process;

    private StockMosquitto(string config, int port)
    {
        _config = config;
        Port = port;
        _process = Launch(config, port);
    }

    /// <summary>The listener's port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Starts mosquitto with its default limits.</summary>
    public static StockMosquitto Start(string folder)
    {
        int port = EdgeController.Simulator.InProcessBroker.FreeLoopbackPort();
        string config = Path.Combine(folder, "mosquitto-stock.conf");
        File.WriteAllText(config, $"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n");
        return new StockMosquitto(config, port);
    }

    /// <summary>SIGKILL, then a new process on the same port: every queued message is gone.</summary>
    public void Restart(TimeSpan down)
    {
        Kill();
        Thread.Sleep(down);
        _process = Launch(_config, Port);
    }

    /// <inheritdoc />
    public void Dispose() => Kill();

    private void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private static Process Launch(string config, int port) => MosquittoBroker.Launch(config, port);
}
