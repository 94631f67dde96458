using System.Collections.Concurrent;
using System.Diagnostics;

namespace EdgeController.Gateway.Tests;

/// <summary>
/// Two `ec-gateway run` processes on one host, one per site, on one mosquitto: each keeps its own
/// MQTT session. With one client id for both, the broker handed the session back and forth and
/// each logged a disconnect every second.
/// </summary>
public sealed class TwoSiteGatewaysTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [RequiresProgramFact("mosquitto")]
    public async Task TwoGatewaysForTwoSites_OnOneHost_NeverThrowEachOtherOff()
    {
        using MosquittoBroker broker = MosquittoBroker.Start(_folder.Path);
        SignedReadings.Registry().Save(_folder.File("site.keys.json"));
        ConcurrentQueue<string> log = new();
        using Process siteA = Launch(broker.Port, "site-a", log);
        using Process siteB = Launch(broker.Port, "site-b", log);
        try
        {
            Stopwatch waited = Stopwatch.StartNew();
            while (log.Count(line => line.Contains("] connected to", StringComparison.Ordinal)) < 2 && waited.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(50);
            }

            // A takeover shows within a second or two of both being up.
            await Task.Delay(TimeSpan.FromSeconds(4));
        }
        finally
        {
            siteA.Kill();
            siteB.Kill();
            await siteA.WaitForExitAsync();
            await siteB.WaitForExitAsync();
        }

        string[] lines = [.. log];
        Assert.Equal(2, lines.Count(line => line.Contains("] connected to", StringComparison.Ordinal)));
        Assert.DoesNotContain(lines, line => line.Contains("disconnected", StringComparison.Ordinal));
    }

    private Process Launch(int port, string site, ConcurrentQueue<string> log)
    {
        Process gateway = Process.Start(new ProcessStartInfo("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "ec-gateway.dll"), "run", "--broker", $"127.0.0.1:{port}", "--ledger", _folder.File(site + ".db"),
             "--keys", _folder.File("site.keys.json"), "--site", site])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        gateway.ErrorDataReceived += (_, line) => { if (line.Data is not null) { log.Enqueue($"{site}: {line.Data}"); } };
        gateway.OutputDataReceived += (_, _) => { };
        gateway.BeginErrorReadLine();
        gateway.BeginOutputReadLine();
        return gateway;
    }
}
