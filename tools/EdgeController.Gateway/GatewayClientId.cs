namespace EdgeController.Gateway;

/// <summary>
/// The MQTT client ids of `ec-gateway run`. A broker lets one session per client id live: a
/// second client with the same id takes the session over, and the two then throw each other off
/// once a second for as long as both run. Two gateways on one host for two sites (`--site a`,
/// `--site b`) therefore need ids of their own; the id of a gateway for every site (`--site +`)
/// stays as it was, so its persistent session, and what the broker queued for it, carries over.
/// </summary>
public static class GatewayClientId
{
    /// <summary>The ledger's subscriber: ec-gateway-&lt;host&gt;, or ec-gateway-&lt;site&gt;-&lt;host&gt; for one site.</summary>
    public static string Subscriber(string site, string host) => site == "+" ? $"ec-gateway-{host}" : $"ec-gateway-{site}-{host}";

    /// <summary>The Home Assistant bridge: ec-gateway-ha-&lt;host&gt;, or ec-gateway-ha-&lt;site&gt;-&lt;host&gt;.</summary>
    public static string HomeAssistant(string site, string host) => site == "+" ? $"ec-gateway-ha-{host}" : $"ec-gateway-ha-{site}-{host}";
}
