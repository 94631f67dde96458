using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EdgeController.Gateway.Serve;

/// <summary>
/// The site's web view on Kestrel: the page at /, a JSON API under /api/ and a server-sent event
/// stream /api/events that pushes the site document whenever it changed. Only GET is mapped: the
/// view reads the ledger and the status topics and can change nothing, on the site or a device.
/// </summary>
public static class WebView
{
    /// <summary>Builds the app listening on endpoint (port 0: a free port).</summary>
    public static WebApplication Build(IPEndPoint endpoint, SiteSnapshot snapshot)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(options => options.Listen(endpoint));
        WebApplication app = builder.Build();
        string page = LoadPage();
        app.MapGet("/", () => Results.Content(page, "text/html; charset=utf-8"));
        app.MapGet("/api/site", () => Json(snapshot.SiteJson));
        app.MapGet("/api/devices", () => Json(Section(snapshot, "devices")));
        app.MapGet("/api/ledger", () => Json(Section(snapshot, "ledger")));
        app.MapGet("/api/market", () => Json(Section(snapshot, "market")));
        app.MapGet("/api/audit", () => Json(Section(snapshot, "audit")));
        app.MapGet("/api/charts", (string? day) =>
        {
            if (day is null)
            {
                return Json(snapshot.ChartsJson(null));
            }

            return DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly parsed)
                ? Json(snapshot.ChartsJson(parsed))
                : Results.BadRequest("day must be yyyy-MM-dd");
        });
        app.MapGet("/api/events", (HttpContext context) => StreamAsync(context, snapshot));
        return app;
    }

    /// <summary>The address Kestrel bound (with the port it chose for port 0).</summary>
    public static string BoundAddress(WebApplication app) =>
        app.Services.GetService(typeof(IServer)) is IServer server
            ? server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? ""
            : "";

    private static IResult Json(string json) => Results.Content(json, "application/json; charset=utf-8");

    private static string Section(SiteSnapshot snapshot, string name) =>
        JsonNode.Parse(snapshot.SiteJson)?[name]?.ToJsonString() ?? "null";

    /// <summary>Server-sent events: the site document at once, then each time it changes; a comment every 15 s keeps proxies from closing it.</summary>
    private static async Task StreamAsync(HttpContext context, SiteSnapshot snapshot)
    {
        context.Response.Headers.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        CancellationToken aborted = context.RequestAborted;
        long sent = -1;
        DateTime lastWrite = DateTime.UtcNow;
        try
        {
            while (!aborted.IsCancellationRequested)
            {
                long version = snapshot.Version;
                if (version != sent)
                {
                    await context.Response.WriteAsync("data: " + snapshot.SiteJson + "\n\n", aborted);
                    await context.Response.Body.FlushAsync(aborted);
                    sent = version;
                    lastWrite = DateTime.UtcNow;
                }
                else if (DateTime.UtcNow - lastWrite > TimeSpan.FromSeconds(15))
                {
                    await context.Response.WriteAsync(": keep-alive\n\n", aborted);
                    await context.Response.Body.FlushAsync(aborted);
                    lastWrite = DateTime.UtcNow;
                }

                await Task.Delay(250, aborted);
            }
        }
        catch (OperationCanceledException)
        {
            // the page went away
        }
    }

    private static string LoadPage()
    {
        using Stream stream = typeof(WebView).Assembly.GetManifestResourceStream("webview.html")
            ?? throw new InvalidOperationException("the page resource webview.html is missing");
        using StreamReader reader = new(stream);
        return reader.ReadToEnd();
    }
}
