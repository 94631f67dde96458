using EdgeController.Hal;
using EdgeController.Hal.Simulation;
using EdgeController.Hal.Simulation.Serial;
using EdgeController.Hal.Simulation.Storage;
using EdgeController.Simulator;

namespace EdgeController.Console.Tests;

/// <summary>
/// One simulated device (the simulator's real wiring) on RAM flash with its console on a
/// scripted serial port. Echo is off so that what comes back is exactly the replies and prompts.
/// </summary>
public sealed class ConsoleHarness : IDisposable
{
    public const string Pin = "0000";
    private const string PromptText = "ec> ";

    public ConsoleHarness(INonVolatileStore? flash = null, bool echo = false)
    {
        Flash = flash ?? new InMemoryNonVolatileStore();
        Port = new SimulatedConsolePort();
        Echo = echo;
        Clock = new SimulatedClock(new DateTimeOffset(2026, 6, 21, 11, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds());
        Device = Boot();
    }

    public INonVolatileStore Flash { get; }

    public SimulatedConsolePort Port { get; }

    public bool Echo { get; }

    public SimulatedClock Clock { get; private set; }

    public SimulatedDevice Device { get; private set; }

    /// <summary>The banner and prompt of the last boot.</summary>
    public string BootText { get; private set; } = "";

    /// <summary>Types a line and Enter, and returns what the device wrote back, without the trailing prompt.</summary>
    public string Send(string line)
    {
        Port.Type(line + "\r");
        Device.PollConsole();
        string output = Port.TakeOutput();
        return output.EndsWith(PromptText, StringComparison.Ordinal) ? output[..^PromptText.Length] : output;
    }

    /// <summary>The reply's key=value pairs (a repeated key keeps its last value).</summary>
    public Dictionary<string, string> Values(string line)
    {
        string reply = Send(line);
        Assert.EndsWith("OK\r\n", reply);
        Dictionary<string, string> values = new(StringComparer.Ordinal);
        foreach (string entry in reply.Split("\r\n", StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                values[entry[..equals]] = entry[(equals + 1)..];
            }
        }

        return values;
    }

    public void Unlock() => Assert.Contains("locked=0\r\nlock_s=", Send("unlock " + Pin));

    /// <summary>Moves simulated time on in one-second loop passes.</summary>
    public void Run(int seconds)
    {
        for (int i = 0; i < seconds; i++)
        {
            Device.Step(1000);
        }
    }

    /// <summary>Power-cycles the device on the same flash and serial line (the uptime restarts).</summary>
    public void Reboot()
    {
        long unixTime = Clock.UnixTimeMilliseconds;
        Device.Dispose();
        Clock = new SimulatedClock(unixTime);
        Device = Boot();
    }

    private SimulatedDevice Boot()
    {
        SimulatedDevice device = new(Flash, new OfflineMqttLink(), Clock, seed: 7, Port);
        device.Console!.EchoEnabled = Echo;
        BootText = Port.TakeOutput();
        return device;
    }

    public void Dispose() => Device.Dispose();
}
