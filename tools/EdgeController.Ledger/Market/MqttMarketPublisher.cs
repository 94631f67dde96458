namespace EdgeController.Ledger.Market;

/// <summary>
/// The market's publisher on the gateway's MQTT session (the subscriber's client): the result
/// retained, awards not. A message the broker did not take is counted, not retried: a result is
/// in the ledger anyway, and an award for a slot that has begun is worth less with every second.
/// </summary>
public sealed class MqttMarketPublisher(MqttLedgerSubscriber subscriber) : IMarketPublisher
{
    /// <summary>Messages the broker took.</summary>
    public long Published { get; private set; }

    /// <summary>Messages not published (not connected, or refused).</summary>
    public long Failed { get; private set; }

    /// <inheritdoc />
    public async Task PublishAsync(string topic, byte[] message, bool retained, CancellationToken cancellationToken)
    {
        if (await subscriber.PublishAsync(topic, message, retained, cancellationToken))
        {
            Published++;
        }
        else
        {
            Failed++;
        }
    }
}
