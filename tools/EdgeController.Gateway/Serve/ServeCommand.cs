using System.CommandLine;
using System.Net;
using EdgeController.Ledger;
using Microsoft.AspNetCore.Builder;

namespace EdgeController.Gateway.Serve;

/// <summary>`serve`: the site's live web view, read-only, beside or without `run` on the same ledger.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        Option<FileInfo> ledger = GatewayOptions.LedgerFile("The ledger database (SQLite), opened read-only; `run` may be writing it.");
        Option<string> http = new("--http")
        {
            Description = "Address to serve on, host:port (loopback by default; 0 as port picks a free one).",
            DefaultValueFactory = _ => "127.0.0.1:8080",
        };
        Option<BrokerAddress> broker = GatewayOptions.Broker("The MQTT broker whose retained status topics say which devices are online.", required: false);
        Option<bool> noBroker = new("--no-broker") { Description = "Do not connect to a broker (device status then shows unknown)." };
        Option<string> site = new("--site") { Description = "Only this site's status topics ('+' for every site).", DefaultValueFactory = _ => "+" };
        Command command = new("serve", "Serve a live, read-only web view of the site: devices, power, SOC, faults, charts, the ledger's head and rejections.")
        {
            ledger, http, broker, noBroker, site,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult.GetRequiredValue(ledger), parseResult.GetRequiredValue(http),
            parseResult.GetValue(noBroker) ? null : parseResult.GetRequiredValue(broker), parseResult.GetRequiredValue(site), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo ledgerFile, string http, BrokerAddress? broker, string site, CancellationToken cancellationToken)
    {
        if (!IPEndPoint.TryParse(http, out IPEndPoint? endpoint) || !http.Contains(':', StringComparison.Ordinal))
        {
            Console.Error.WriteLine($"error: --http '{http}' is not host:port with an IP address (e.g. 127.0.0.1:8080)");
            return 2;
        }

        if (!IPAddress.IsLoopback(endpoint.Address))
        {
            Console.Error.WriteLine($"warning: serving on {endpoint}, reachable from other machines; the view has no login");
        }

        await using DeviceStatusWatcher? status = broker is null ? null : new DeviceStatusWatcher(broker.Host, broker.Port, site);
        status?.Start();
        SiteSnapshot snapshot = new(ledgerFile.FullName, status);
        snapshot.Refresh(DateTimeOffset.UtcNow);
        await using WebApplication app = WebView.Build(endpoint, snapshot);
        await app.StartAsync(cancellationToken);
        Console.WriteLine($"serving http://{new Uri(WebView.BoundAddress(app)).Authority}/ from {ledgerFile.FullName}; Ctrl+C to stop");
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                snapshot.Refresh(DateTimeOffset.UtcNow);
            }
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C
        }

        await app.StopAsync(CancellationToken.None);
        return 0;
    }
}
