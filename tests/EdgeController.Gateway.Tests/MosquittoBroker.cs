using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EdgeController.Gateway.Tests;

/// <summary>
/// Debian's mosquitto, started by the test on 127.0.0.1 at a free port, with its own config: no
/// persistence to disk (the broker outlives the test's clients) and no cap on the messages it
/// queues for an absent persistent session (its default of 1000 would drop readings).
/// </summary>
public sealed class MosquittoBroker : IDisposable
{
    private readonly Process _process;

    private MosquittoBroker(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public static MosquittoBroker Start(string folder)
    {
        int port = EdgeController.Simulator.InProcessBroker.FreeLoopbackPort();
        string config = Path.Combine(folder, "mosquitto.conf");
        File.WriteAllText(config, $"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\nmax_queued_messages 1000000\n");
        return new MosquittoBroker(Launch(config, port), port);
    }

    /// <summary>
    /// Starts mosquitto with config and returns once it listens on 127.0.0.1:port. Its log goes to
    /// config + ".log": a pipe nobody reads fills after 64 KiB and then blocks the broker in its
    /// next log write (stock mosquitto logs a line each time a slow subscriber starts losing
    /// messages, which a gap-proof scenario does hundreds of times).
    /// </summary>
    public static Process Launch(string config, int port)
    {
        string program = ExternalProcess.Find("mosquitto") ?? throw new InvalidOperationException("mosquitto is not installed (apt-get install mosquitto)");
        Process process = Process.Start(new ProcessStartInfo(program, ["-c", config])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        string logFile = config + ".log";
        object writing = new();
        void Append(object sender, DataReceivedEventArgs line)
        {
            if (line.Data is string text)
            {
                lock (writing)
                {
                    File.AppendAllText(logFile, text + "\n");
                }
            }
        }

        process.OutputDataReceived += Append;
        process.ErrorDataReceived += Append;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Stopwatch waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            try
            {
                using TcpClient probe = new();
                probe.Connect(IPAddress.Loopback, port);
                return process;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        process.Kill();
        process.WaitForExit();
        throw new InvalidOperationException($"mosquitto did not listen on 127.0.0.1:{port}: {(File.Exists(logFile) ? File.ReadAllText(logFile) : "(no log)")}");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
