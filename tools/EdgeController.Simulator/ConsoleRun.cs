using System.Diagnostics;
using EdgeController.Hal.Simulation;
using EdgeController.Hal.Simulation.Serial;
using EdgeController.Hal.Simulation.Storage;
using EdgeController.Ledger;

namespace EdgeController.Simulator;

/// <summary>
/// One device in real time with its console handed to a person: on standard input and output
/// (no echo: the terminal echoes cooked input itself), or on a pseudo-terminal made by socat
/// (`socat pty,raw,echo=0,link=PATH STDIO`, echo by the device as on the real UART). A
/// `reboot` on the console rebuilds the device from the same flash folder, as a power cycle
/// would; the cable (the console port) stays.
/// </summary>
public static class ConsoleRun
{
    private const int LoopMilliseconds = 1000;
    private const int PollMilliseconds = 10;

    /// <summary>Runs until cancelled or until standard input (or socat) ends; returns the exit code.</summary>
    public static async Task<int> RunAsync(ConsoleRunOptions options, CancellationToken cancellationToken)
    {
        // A fleet run killed in this folder left its devices' last flash changes in its journal:
        // opening the journal puts them into the folders (and closing it removes it).
        FlashJournal.Open(options.StateFolder).Dispose();
        FolderNonVolatileStore flash = new(Path.Combine(options.StateFolder, options.DeviceId));
        if (options.KeysPath is not null)
        {
            KeyRegistry registry = File.Exists(options.KeysPath) ? KeyRegistry.Load(options.KeysPath) : KeyRegistry.Empty();
            SimulatedProvisioning.EnsureProvisioned(flash, registry, options.Site, options.DeviceId, SimulationRun.KeyId);
            registry.Save(options.KeysPath);
        }

        using Process? socat = options.PtyPath is null ? null : StartSocat(options.PtyPath);
        Stream input = socat?.StandardOutput.BaseStream ?? Console.OpenStandardInput();
        Stream output = socat?.StandardInput.BaseStream ?? Console.OpenStandardOutput();
        SimulatedConsolePort port = new((data, offset, count) =>
        {
            try
            {
                output.Write(data, offset, count);
                output.Flush();
            }
            catch (IOException)
            {
                // The terminal went away; the device keeps running, as a UART would.
            }
        });

        using CancellationTokenSource stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Thread reader = new(() => Pump(input, port, stop)) { IsBackground = true, Name = "console-input" };
        reader.Start();
        if (options.PtyPath is not null)
        {
            Console.Error.WriteLine($"console of {options.DeviceId} on {options.PtyPath}: picocom -b 115200 {options.PtyPath}  (or tio {options.PtyPath}); Ctrl-C here stops the device");
        }

        long unixTimeMilliseconds = options.Start.ToUnixTimeMilliseconds();
        string deviceFolder = Path.Combine(options.StateFolder, options.DeviceId);
        // One site for every boot: a reboot restarts the firmware, not the battery.
        SimulatedPlant plant = SimulatedPlantState.Load(deviceFolder, options.Seed);
        int boots = 0;
        while (!stop.IsCancellationRequested)
        {
            SimulatedClock clock = new(unixTimeMilliseconds);
            using (SimulatedDevice device = new(flash, new OfflineMqttLink(), clock, options.Seed, port, plant: plant))
            {
                boots++;
                device.Console!.EchoEnabled = options.PtyPath is not null;
                await RunUntilRebootAsync(device, stop.Token);
                unixTimeMilliseconds = clock.UnixTimeMilliseconds;
            }
        }

        SimulatedPlantState.Save(deviceFolder, plant);
        if (socat is not null && !socat.HasExited)
        {
            socat.Kill();
        }

        return 0;
    }

    private static async Task RunUntilRebootAsync(SimulatedDevice device, CancellationToken cancellationToken)
    {
        Stopwatch sinceStep = Stopwatch.StartNew();
        while (!cancellationToken.IsCancellationRequested)
        {
            if (sinceStep.ElapsedMilliseconds >= LoopMilliseconds)
            {
                int elapsed = (int)sinceStep.ElapsedMilliseconds;
                sinceStep.Restart();
                device.Step(elapsed);
            }
            else
            {
                device.PollConsole();
            }

            if (device.RebootHook.TakeRequest())
            {
                return;
            }

            try
            {
                await Task.Delay(PollMilliseconds, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static void Pump(Stream input, SimulatedConsolePort port, CancellationTokenSource stop)
    {
        byte[] buffer = new byte[256];
        try
        {
            int read;
            while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
            {
                port.Type(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            // The other end closed.
        }

        // End of input: let the device answer what is queued, then stop.
        while (port.PendingInput > 0)
        {
            Thread.Sleep(PollMilliseconds);
        }

        Thread.Sleep(200);
        stop.Cancel();
    }

    private static Process StartSocat(string ptyPath)
    {
        ProcessStartInfo start = new("socat")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            UseShellExecute = false,
        };
        start.ArgumentList.Add($"pty,raw,echo=0,link={ptyPath}");
        start.ArgumentList.Add("STDIO");
        Process socat = Process.Start(start) ?? throw new InvalidOperationException("socat did not start");
        Stopwatch waited = Stopwatch.StartNew();
        while (!File.Exists(ptyPath))
        {
            if (socat.HasExited || waited.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new InvalidOperationException($"socat did not create the pseudo-terminal {ptyPath} (is socat installed? apt-get install socat)");
            }

            Thread.Sleep(20);
        }

        return socat;
    }
}
