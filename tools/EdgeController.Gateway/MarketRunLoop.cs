using EdgeController.Hal.Simulation.Signing;
using EdgeController.Ledger;
using EdgeController.Ledger.Market;
using Microsoft.Extensions.Logging;

namespace EdgeController.Gateway;

/// <summary>
/// The market's loop inside `run --market FILE`: a <see cref="MarketRunner"/> from the site's
/// market settings, ticked every <see cref="Period"/> with the gateway's clock until cancelled.
/// Results go out retained on ec/v1/&lt;site&gt;/market/result, awards not retained on each
/// device's cmd/award, signed with the registry's kid "cmd" of that device (a device without
/// one gets none, and is counted).
/// </summary>
internal static class MarketRunLoop
{
    /// <summary>Seconds between ticks: gate closure is 60 s by default, so 5 s leaves every deadline well met.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(5);

    public static async Task RunAsync(LedgerDatabase ledger, MarketSiteConfig config, GatewayKey gatewayKey, IAwardSigner awardSigner, IMarketPublisher publisher,
        string site, Func<long> now, ILogger logger, CancellationToken cancellationToken)
    {
        MarketRunner runner = new(ledger, config, new HmacSha256Signer(gatewayKey.KeyId, gatewayKey.Key), awardSigner, publisher, site);
        // A period well inside the gate: a short test gate (slot_minutes 1, gate_seconds 10) is met too.
        TimeSpan period = TimeSpan.FromMilliseconds(Math.Clamp(config.GateClosureMilliseconds / 4, 200, (long)Period.TotalMilliseconds));
        Dictionary<string, long> logged = new(StringComparer.Ordinal);
        long unsignedLogged = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await runner.TickAsync(now(), cancellationToken);
                foreach ((string kind, long count) in runner.Appended)
                {
                    if (logged.GetValueOrDefault(kind) != count)
                    {
                        logger.LogInformation("market {Kind} records appended: {Count}", kind, count);
                        logged[kind] = count;
                    }
                }

                if (runner.AwardsUnsigned != unsignedLogged)
                {
                    unsignedLogged = runner.AwardsUnsigned;
                    logger.LogWarning("market awards not sent (device has no kid cmd in the registry): {Count}", unsignedLogged);
                }

                await Task.Delay(period, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }
}
