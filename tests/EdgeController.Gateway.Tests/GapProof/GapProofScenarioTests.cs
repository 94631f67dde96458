using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;

namespace EdgeController.Gateway.Tests.GapProof;

/// <summary>
/// Issue 12's fault scenarios on Debian's stock mosquitto (its default queue limits): simulated
/// devices in one process (`ec-sim --no-gateway --pace --drain`), the gateway in another
/// (`ec-gateway run`), the broker in a third. Whatever the broker drops, the devices keep on
/// flash until the ledger's signed ack covers it and send again what the gateway's resend asks
/// for: at the end the ledger holds every seq of every device exactly once, with no gap, and the
/// chain and signatures verify.
/// </summary>
public sealed class GapProofScenarioTests(ITestOutputHelper output) : IDisposable
{
    private const int Devices = 8;
    private readonly TemporaryFolder _folder = new();
    private readonly StringBuilder _gatewayLog = new();
    private Task<string> _simOutput = Task.FromResult("");

    public void Dispose() => _folder.Dispose();

    [RequiresProgramFact("mosquitto")]
    public async Task GatewayKilledWhileThousandsArePublished_LedgerEndsWithEverySeqOnce()
    {
        using StockMosquitto broker = StockMosquitto.Start(_folder.Path);
        // 8 devices at 1 s readings and 20 simulated seconds per second: 160 readings a second.
        Process gateway = await StartGatewayAsync(broker.Port);
        using Process devices = StartDevices(broker.Port, duration: "10m", reportPeriod: "1s", pace: 20);
        await WaitForEntriesAsync(400);
        gateway.Kill(entireProcessTree: true);
        await gateway.WaitForExitAsync();
        long beforeKill = CountEntries();
        await Task.Delay(TimeSpan.FromSeconds(25)); // about 4,000 readings published meanwhile
        gateway = await StartGatewayAsync(broker.Port);
        await FinishAsync(devices, gateway, $"gateway SIGKILLed at {beforeKill} entries for 25 s at pace 20");
    }

    [RequiresProgramFact("mosquitto")]
    public async Task BrokerRestartedWithoutPersistence_LedgerEndsWithEverySeqOnce()
    {
        using StockMosquitto broker = StockMosquitto.Start(_folder.Path);
        Process gateway = await StartGatewayAsync(broker.Port);
        using Process devices = StartDevices(broker.Port, duration: "10m", reportPeriod: "1s", pace: 20);
        await WaitForEntriesAsync(1500);
        broker.Restart(TimeSpan.FromSeconds(5)); // the broker's queues and sessions are gone
        await FinishAsync(devices, gateway, "broker SIGKILLed and restarted empty after 5 s, pace 20");
    }

    [RequiresProgramFact("mosquitto")]
    public async Task GatewayDownForThirtySimulatedMinutes_LedgerEndsWithEverySeqOnce()
    {
        using StockMosquitto broker = StockMosquitto.Start(_folder.Path);
        // 10 s readings, 60 simulated seconds per second: the outage is 30 s of wall time.
        Process gateway = await StartGatewayAsync(broker.Port);
        using Process devices = StartDevices(broker.Port, duration: "60m", reportPeriod: "10s", pace: 60);
        await WaitForEntriesAsync(100);
        gateway.Kill(entireProcessTree: true);
        await gateway.WaitForExitAsync();
        await Task.Delay(TimeSpan.FromSeconds(30));
        gateway = await StartGatewayAsync(broker.Port);
        await FinishAsync(devices, gateway, "gateway down 30 simulated minutes (30 s at pace 60)");
    }

    private string Ledger => _folder.File("site.db");

    private string Keys => _folder.File("site.keys.json");

    /// <summary>
    /// The simulator provisions its devices (reading and command keys, into the key registry the
    /// gateway reads) in a first run of one second, in which no reading is due yet: so the gateway
    /// runs before the first reading is published, as an operator starts it.
    /// </summary>
    private void ProvisionDevices(int brokerPort)
    {
        ExternalProcess.Result provisioned = ExternalProcess.Run("dotnet", SimArguments(brokerPort, "1s", "10s").Concat(["--pace", "1"]), TimeSpan.FromSeconds(60));
        Assert.True(provisioned.ExitCode == 0, provisioned.Output + provisioned.Error);
    }

    private string[] SimArguments(int brokerPort, string duration, string reportPeriod) =>
        [Path.Combine(AppContext.BaseDirectory, "ec-sim.dll"), "--no-gateway", "--broker", $"127.0.0.1:{brokerPort}",
         "--devices", Devices.ToString(System.Globalization.CultureInfo.InvariantCulture), "--duration", duration,
         "--report-period", reportPeriod, "--ledger", Ledger];

    private Process StartDevices(int brokerPort, string duration, string reportPeriod, int pace)
    {
        Process process = Process.Start(new ProcessStartInfo("dotnet",
            SimArguments(brokerPort, duration, reportPeriod).Concat(["--pace", pace.ToString(System.Globalization.CultureInfo.InvariantCulture), "--drain", "3m"]))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        _simOutput = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        return process;
    }

    private async Task<Process> StartGatewayAsync(int brokerPort)
    {
        if (!File.Exists(Keys))
        {
            ProvisionDevices(brokerPort);
        }

        Process process = Process.Start(new ProcessStartInfo("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "ec-gateway.dll"), "run", "--broker", $"127.0.0.1:{brokerPort}",
             "--keys", Keys, "--ledger", Ledger, "--site", "site1"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        string? line = await Task.Run(() => process.StandardOutput.ReadLine()).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(line is not null && line.StartsWith("gateway:", StringComparison.Ordinal), $"gateway did not start: {line}");
        _ = Task.Run(() => process.StandardOutput.ReadToEnd());
        _ = Task.Run(() =>
        {
            while (process.StandardError.ReadLine() is string logLine)
            {
                lock (_gatewayLog)
                {
                    _gatewayLog.AppendLine(logLine);
                }
            }
        });
        return process;
    }

    private async Task FinishAsync(Process devices, Process gateway, string scenario)
    {
        await devices.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        string summary = await _simOutput;
        bool gatewayRan = !gateway.HasExited;
        string gatewayState = gateway.HasExited ? $"the gateway had exited with {gateway.ExitCode}" : "the gateway was running";
        gateway.Kill(entireProcessTree: true);
        await gateway.WaitForExitAsync();
        // The devices' table and the gateway's last words first, so that a failed drain shows
        // what each device still holds and what the gateway last did.
        output.WriteLine(summary);
        output.WriteLine(gatewayState + "; its log ends:");
        lock (_gatewayLog)
        {
            foreach (string line in _gatewayLog.ToString().Split('\n').Where(line => !line.Contains(" dbug: ", StringComparison.Ordinal)).TakeLast(30))
            {
                output.WriteLine(line);
            }
        }

        string brokerLog = _folder.File("mosquitto-stock.conf.log");
        string[] brokerLines = File.Exists(brokerLog) ? File.ReadAllLines(brokerLog) : [];
        output.WriteLine($"mosquitto logged {brokerLines.Length} lines, {brokerLines.Count(line => line.Contains("being dropped", StringComparison.Ordinal))} of them on dropping");
        Assert.True(devices.ExitCode == 0, summary);
        Assert.True(gatewayRan, gatewayState); // a broker restart or a backlog must not stop the gateway
        Assert.DoesNotContain("--drain ran out", summary, StringComparison.Ordinal);

        long entries = LedgerAssertions.AssertEverySeqOnceAndChainVerifies(Ledger, Keys);
        string log;
        lock (_gatewayLog)
        {
            log = _gatewayLog.ToString();
        }

        int resendRequests = log.Split('\n').Count(line => line.Contains("sent resend", StringComparison.Ordinal));
        long resent = ResentFrom(summary);
        output.WriteLine($"{scenario}: {entries} ledger entries, {resendRequests} resend requests sent, {resent} messages resent, gaps at the end 0");
    }

    /// <summary>The "resent" total of the simulator's device table (the 7th column of its "all" row).</summary>
    private static long ResentFrom(string summary)
    {
        string? all = summary.Split('\n').FirstOrDefault(line => line.Contains(" all ", StringComparison.Ordinal));
        string[] cells = all?.Split('│', StringSplitOptions.TrimEntries) ?? [];
        return cells.Length > 7 && long.TryParse(cells[7], out long resent) ? resent : -1;
    }

    private async Task WaitForEntriesAsync(long entries)
    {
        Stopwatch waited = Stopwatch.StartNew();
        while (CountEntries() < entries)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(90), $"the ledger reached only {CountEntries()} of {entries} entries");
            await Task.Delay(50);
        }
    }

    private long CountEntries() => LedgerAssertions.CountEntries(Ledger);
}
