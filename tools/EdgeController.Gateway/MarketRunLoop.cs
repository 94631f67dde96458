using EdgeController.Ledger;
using EdgeController.Ledger.Market;
using EdgeController.Hal.Simulation.Signing;

namespace EdgeController.Gateway;

/// <summary>
/// The market's loop inside `run`: builds a <see cref="MarketRunner"/> from the site's market
/// config and ticks it every few seconds with the wall clock until cancelled. Wire it with
/// <c>Task market = MarketRunLoop.RunAsync(ledger, config, gatewayKey, new RegistryAwardSigner(registry), publisher, site, token);</c>
/// beside the checkpoint loop (the publisher must publish awards not retained).
/// </summary>
internal static class MarketRunLoop
{
    /// <summary>Seconds between ticks: gate closure is 60 s, so 5 s leaves every deadline well met.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(5);

    public static async Task RunAsync(LedgerDatabase ledger, MarketSiteConfig config, GatewayKey gatewayKey, IAwardSigner awardSigner, IMarketPublisher publisher, string site, CancellationToken cancellationToken)
    {
        MarketRunner runner = new(ledger, config, new HmacSha256Signer(gatewayKey.KeyId, gatewayKey.Key), awardSigner, publisher, site);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await runner.TickAsync(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), cancellationToken);
                await Task.Delay(Period, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }
}
