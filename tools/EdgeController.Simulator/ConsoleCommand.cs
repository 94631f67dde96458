using System.CommandLine;
using EdgeController.Ledger;

namespace EdgeController.Simulator;

/// <summary>`ec-sim console`: one simulated device in real time whose serial console is handed to a person.</summary>
public static class ConsoleCommand
{
    /// <summary>Builds the subcommand.</summary>
    public static Command Create()
    {
        Option<string> device = new("--device") { Description = "Device id: its flash is <state>/<device>.", DefaultValueFactory = _ => "sim-001" };
        Option<DirectoryInfo> state = new("--state") { Description = "Folder of the devices' simulated flash.", DefaultValueFactory = _ => new DirectoryInfo("site.devices") };
        Option<FileInfo?> keys = new("--keys") { Description = "Provision the device from this key registry first (as the main run does); without it the device boots as its flash says." };
        Option<string> site = new("--site") { Description = "Site id used with --keys.", DefaultValueFactory = _ => "site1" };
        Option<string?> pty = new("--pty")
        {
            Description = "Serve the console on a pseudo-terminal (made by socat) for picocom or tio; the value is the link path (default /tmp/ec-sim-<device>.pty).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        Option<int> seed = new("--seed") { Description = "Seed of the simulated weather and load.", DefaultValueFactory = _ => 1 };
        Option<DateTimeOffset> start = new("--start")
        {
            Description = "Simulated UTC time at power-on (ISO 8601); it then runs in real time.",
            DefaultValueFactory = _ => new DateTimeOffset(2026, 6, 21, 10, 0, 0, TimeSpan.Zero),
        };
        Command command = new("console", "Run one device in real time with its serial console on standard input/output, or on a pseudo-terminal with --pty.")
        {
            device, state, keys, site, pty, seed, start,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            string deviceId = parseResult.GetRequiredValue(device);
            if (!EdgeController.Core.Identifiers.IsValid(deviceId))
            {
                Console.Error.WriteLine($"error: --device must be 1..32 of [A-Za-z0-9_-], not '{deviceId}'");
                return 2;
            }

            bool usePty = parseResult.GetResult(pty) is not null;
            ConsoleRunOptions options = new(
                deviceId,
                parseResult.GetRequiredValue(state).FullName,
                parseResult.GetValue(keys)?.FullName,
                parseResult.GetRequiredValue(site),
                usePty ? (parseResult.GetValue(pty) ?? Path.Combine(Path.GetTempPath(), $"ec-sim-{deviceId}.pty")) : null,
                parseResult.GetValue(seed),
                parseResult.GetValue(start));
            try
            {
                return await ConsoleRun.RunAsync(options, cancellationToken);
            }
            catch (Exception exception) when (exception is KeyRegistryException or IOException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                Console.Error.WriteLine($"error: {exception.Message}");
                return 3;
            }
        });
        return command;
    }
}
