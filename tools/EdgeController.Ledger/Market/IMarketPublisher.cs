namespace EdgeController.Ledger.Market;

/// <summary>Where the runner sends what it publishes (the MQTT subscriber's client in `run`, a list in tests).</summary>
public interface IMarketPublisher
{
    /// <summary>Publishes message on topic (retained or not), QoS 1.</summary>
    Task PublishAsync(string topic, byte[] message, bool retained, CancellationToken cancellationToken);
}
