namespace EdgeController.Core.Telemetry
{
    /// <summary>When the durable outbox may forget a message it has on flash.</summary>
    public enum OutboxReleaseMode
    {
        /// <summary>
        /// At the broker's PUBACK: for a device whose gateway does not acknowledge yet. A message
        /// the broker took is gone from the device, whatever the broker does with it later.
        /// </summary>
        AtBrokerAcknowledgement = 0,

        /// <summary>
        /// When the ledger's signed high-water mark covers it (<see cref="ILedgerAcknowledgement.Acknowledge"/>):
        /// after the PUBACK a message stays on flash, and a resend request sends it again.
        /// </summary>
        AtLedgerAcknowledgement = 1,
    }
}
