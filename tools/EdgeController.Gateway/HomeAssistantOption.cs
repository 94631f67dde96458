using System.CommandLine;
using EdgeController.Ledger;
using EdgeController.Ledger.HomeAssistant;

namespace EdgeController.Gateway;

/// <summary>`run --no-home-assistant`, and the bridge `run` starts when it is not given.</summary>
internal static class HomeAssistantOption
{
    public static Option<bool> Create() => new("--no-home-assistant")
    {
        Description = "Publish no Home Assistant discovery (homeassistant/sensor/...) and no verified state (ec/v1/<site>/_gateway/<dev>/state).",
    };

    /// <summary>The bridge, attached to the ingestor, or null when switched off.</summary>
    public static HomeAssistantBridge? Start(bool switchedOff, BrokerConnection broker, LedgerIngestor ingestor, string clientId, Microsoft.Extensions.Logging.ILogger logger)
    {
        if (switchedOff)
        {
            return null;
        }

        // The same login as the gateway's own connection: on a broker with the project's ACL only
        // the gateway's user may write the discovery and verified-state topics.
        HomeAssistantBridge bridge = new(broker, clientId, logger);
        bridge.Attach(ingestor);
        return bridge;
    }
}
