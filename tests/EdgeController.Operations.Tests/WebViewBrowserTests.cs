using System.Text;
using System.Text.Json;
using EdgeController.Core;
using EdgeController.Core.Protection;
using EdgeController.Ledger;
using EdgeController.Simulator;
using Microsoft.Playwright;
using MQTTnet;
using MQTTnet.Protocol;
using static Microsoft.Playwright.Assertions;

namespace EdgeController.Operations.Tests;

/// <summary>
/// The web view end to end: a ledger written as `run` writes it, `serve` in its own process
/// reading it read-only, the devices' retained status on a broker, and the page in headless
/// Chromium updating itself as a device comes online, its SOC moves and a fault is raised.
/// </summary>
public sealed class WebViewBrowserTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [RequiresChromiumFact]
    public async Task PageShowsDeviceComingOnlineItsSocChangingAndAFaultAppearing()
    {
        await using InProcessBroker broker = await InProcessBroker.StartAsync();
        string ledgerPath = _folder.File("site.db");
        using LedgerDatabase ledger = LedgerDatabase.Open(ledgerPath);
        LedgerIngestor ingestor = new(SiteReadings.Registry(), ledger, () => SiteReadings.StartMilliseconds);
        Assert.Equal(AppendOutcome.Appended, ingestor.Ingest(SiteReadings.Topic("dev-a"), SiteReadings.Reading("dev-a", 1, socPermille: 500)));

        using ServeProcess serve = ServeProcess.Start("--ledger", ledgerPath, "--broker", $"127.0.0.1:{broker.Port}", "--http", "127.0.0.1:0");
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.ExecutablePath ?? throw new InvalidOperationException("chromium is not installed (apt-get install chromium)"),
            Headless = true,
            Args = Chromium.Arguments,
        });
        IPage page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 900 } });
        await page.GotoAsync(serve.Url);
        ILocator card = page.Locator("[data-dev='dev-a']");
        LocatorAssertionsToHaveTextOptions wait = new() { Timeout = 15_000 };

        // In the ledger, but no status on the broker yet: not online.
        await Expect(card.Locator(".soc")).ToHaveTextAsync("50 %", wait);
        Assert.NotEqual("online", await card.Locator(".status").TextContentAsync());

        // The device connects: its retained status says online.
        using IMqttClient device = new MqttClientFactory().CreateMqttClient();
        await device.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.Port).WithClientId("dev-a").Build());
        await device.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("ec/v1/site1/dev-a/status").WithPayload("online")
            .WithRetainFlag(true).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        await Expect(card.Locator(".status")).ToHaveTextAsync("online", wait);
        await Expect(card.Locator(".faults")).ToHaveTextAsync("none", wait);

        // A later verified reading: SOC up, the pack too hot.
        int overTemperature = FaultFlags.Protection(ProtectionFaults.OverTemperature);
        Assert.Equal(AppendOutcome.Appended, ingestor.Ingest(SiteReadings.Topic("dev-a"), SiteReadings.Reading("dev-a", 2, socPermille: 623, faultFlags: overTemperature)));
        await Expect(card.Locator(".soc")).ToHaveTextAsync("62.3 %", wait);
        await Expect(card.Locator(".faults")).ToHaveTextAsync("protection_over_temperature", wait);
        await Expect(page.Locator("#ledger")).ToContainTextAsync("idx 2", new LocatorAssertionsToContainTextOptions { Timeout = 15_000 });

        string screenshot = Path.Combine(Environment.GetEnvironmentVariable("EC_SCREENSHOT_DIR") ?? AppContext.BaseDirectory, "webview.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        Assert.True(new FileInfo(screenshot).Length > 10_000);

        // The API behind the page says the same, and the view takes no commands.
        using HttpClient http = new();
        using JsonDocument devices = JsonDocument.Parse(await http.GetStringAsync(serve.Url + "api/devices"));
        JsonElement dev = devices.RootElement[0];
        Assert.Equal("online", dev.GetProperty("status").GetString());
        Assert.Equal(62.3, dev.GetProperty("soc_pct").GetDouble());
        using HttpResponseMessage post = await http.PostAsync(serve.Url + "api/site", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.MethodNotAllowed, post.StatusCode);
    }
}
