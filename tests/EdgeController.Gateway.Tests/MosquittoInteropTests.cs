using System.Diagnostics;
using System.Text.Json;
using EdgeController.Ledger;
using EdgeController.Simulator;

namespace EdgeController.Gateway.Tests;

/// <summary>
/// The contract seen from outside: a reading captured with mosquitto_sub from a simulator run
/// against Debian's mosquitto verifies with `openssl dgst` under the key from the key file.
/// </summary>
public sealed class MosquittoInteropTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [RequiresProgramFact("mosquitto", "mosquitto_sub", "openssl")]
    public async Task ReadingCapturedWithMosquittoSub_VerifiesWithOpenssl()
    {
        using MosquittoBroker broker = MosquittoBroker.Start(_folder.Path);
        ProcessStartInfo subscribe = new(ExternalProcess.Find("mosquitto_sub")!,
            ["-h", "127.0.0.1", "-p", broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
             "-t", "ec/v1/+/+/reading", "-q", "1", "-C", "3", "-W", "60"])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using Process subscriber = Process.Start(subscribe)!;
        Task<string> captured = subscriber.StandardOutput.ReadToEndAsync();
        await Task.Delay(300);

        SimulationSummary summary = await SimulationRun.RunAsync(new SimulationOptions
        {
            Devices = 2,
            Duration = TimeSpan.FromMinutes(1),
            LedgerPath = _folder.File("site.db"),
            KeysPath = _folder.File("site.keys.json"),
            DeviceStateFolder = _folder.File("devices"),
            Broker = new BrokerAddress("127.0.0.1", broker.Port),
        }, CancellationToken.None);
        Assert.True(subscriber.WaitForExit(TimeSpan.FromSeconds(30)), "mosquitto_sub did not receive 3 readings");

        Assert.Equal(12, summary.Accepted);
        Assert.Equal("external 127.0.0.1:" + broker.Port, summary.BrokerDescription);
        string message = (await captured).Split('\n', StringSplitOptions.RemoveEmptyEntries)[0];
        int first = message.IndexOf('|');
        int last = message.LastIndexOf('|');
        string payload = message[(first + 1)..last];
        using JsonDocument signature = JsonDocument.Parse(message[(last + 1)..]);
        using JsonDocument payloadJson = JsonDocument.Parse(payload);
        string device = payloadJson.RootElement.GetProperty("dev").GetString()!;
        using JsonDocument keys = JsonDocument.Parse(File.ReadAllText(_folder.File("site.keys.json")));
        string keyHex = keys.RootElement.GetProperty(device).GetProperty(signature.RootElement.GetProperty("kid").GetString()!).GetString()!;

        ExternalProcess.Result openssl = ExternalProcess.Run("openssl", ["dgst", "-sha256", "-mac", "HMAC", "-macopt", "hexkey:" + keyHex],
            TimeSpan.FromSeconds(30), payload);

        Assert.Equal(0, openssl.ExitCode);
        Assert.EndsWith("= " + signature.RootElement.GetProperty("sig").GetString(), openssl.Output.Trim(), StringComparison.Ordinal);
    }
}
