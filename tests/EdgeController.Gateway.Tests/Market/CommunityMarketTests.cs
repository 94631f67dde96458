using System.Text.Json;
using EdgeController.Ledger;
using EdgeController.Ledger.Market;
using EdgeController.Simulator;

namespace EdgeController.Gateway.Tests.Market;

/// <summary>
/// ec-sim --market: a small community through the built-in broker and gateway; orders, results,
/// awards, settlements in the ledger, and `ec-gateway verify --market` replays them.
/// </summary>
public sealed class CommunityMarketTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Six_prosumers_for_three_hours_trade_and_every_market_record_replays()
    {
        SimulationOptions options = new()
        {
            Devices = 6,
            Duration = TimeSpan.FromHours(3),
            LedgerPath = _folder.File("site.db"),
            KeysPath = _folder.File("site.keys.json"),
            DeviceStateFolder = _folder.File("devices"),
            Market = true,
        };
        SimulationSummary summary = await SimulationRun.RunAsync(options, CancellationToken.None);

        Assert.True(summary.GatewayCaughtUp);
        Assert.Equal(0, summary.Rejected);
        MarketRunSummary market = Assert.IsType<MarketRunSummary>(summary.Market);
        // 10:00 to 13:00 UTC: every slot whose gate closed after the runner started is cleared.
        Assert.InRange(market.SlotsCleared, 10, 12);
        Assert.True(market.SlotsWithTrade > 0 && market.TradedWattHours > 0, $"traded {market.TradedWattHours} Wh in {market.SlotsWithTrade} slots");
        Assert.Equal(summary.Devices.Sum(d => d.OrdersPosted), market.Orders);
        Assert.Empty(market.RejectedByReason);

        // Each award went out on the device's cmd/award and was applied there.
        MarketLedgerView view = new();
        view.LoadNew(options.LedgerPath);
        Dictionary<string, int> awardedSlots = view.Records.Where(r => r.Kind == MarketRecordWriter.ResultKind)
            .SelectMany(r => MarketEngine.AwardedDevices(r)).GroupBy(d => d).ToDictionary(g => g.Key, g => g.Count());
        Assert.NotEmpty(awardedSlots);
        foreach (DeviceSummary device in summary.Devices)
        {
            Assert.Equal(awardedSlots.GetValueOrDefault(device.DeviceId), device.AwardsApplied);
        }

        // Settlement: one per awarded device and slot that ended two minutes before the run did, citing lower idx readings.
        Assert.True(market.Settlements > 0);
        foreach (MarketRecord settlement in view.Records.Where(r => r.Kind == MarketRecordWriter.SettlementKind))
        {
            Assert.All(settlement.Root.GetProperty("readings").EnumerateArray(), reading => Assert.True(reading.GetProperty("idx").GetInt64() < settlement.Index));
        }

        // No device was cut off, and the market waited for the ingest at each tick, as a gateway
        // in real time has every reading two minutes after the slot: no pass needed correcting.
        Assert.DoesNotContain(view.Records, r => r.Kind == MarketRecordWriter.SettlementKind && r.Root.TryGetProperty("corrects", out _));

        // Each slot's newest settlements (one pass) net to exactly zero between the members.
        foreach (IGrouping<long, MarketRecord> slot in view.Records.Where(r => r.Kind == MarketRecordWriter.SettlementKind).GroupBy(r => r.Root.GetProperty("slot").GetInt64()))
        {
            List<MarketRecord> newest = slot.GroupBy(r => r.Root.GetProperty("device").GetString()).Select(g => g.Last()).ToList();
            Assert.Equal(0, newest.Sum(r => r.Root.GetProperty("netted_mwh").GetInt64()));
            Assert.Equal(0, newest.Sum(r => r.Root.GetProperty("netted_nc").GetInt64()));
        }

        // Members are better off together on the same flows than alone at the grid's prices.
        Assert.True(market.CommunityCostNanocurrency <= market.CommunityCostAloneNanocurrency,
            $"market {market.CommunityCostNanocurrency} nc, alone {market.CommunityCostAloneNanocurrency} nc");

        ExternalProcess.Result verified = ExternalProcess.RunTool("ec-gateway", "verify", "--ledger", options.LedgerPath, "--keys", options.KeysPath,
            "--market", "--gateway-key", options.GatewayKeyFile);
        Assert.True(verified.ExitCode == 0, verified.Output);
        Assert.Contains("market records reproduced with signatures", verified.Output, StringComparison.Ordinal);

        // The gateway's settings file is the one `ec-gateway run --market` takes for this community.
        MarketSiteConfig config = MarketSiteConfig.Load(options.MarketSettingsFile);
        Assert.Equal(6, config.RatedWatts.Count);
        using JsonDocument file = JsonDocument.Parse(File.ReadAllText(options.MarketSettingsFile));
        Assert.Equal(24, file.RootElement.GetProperty("import_by_utc_hour").GetArrayLength());
    }
}
