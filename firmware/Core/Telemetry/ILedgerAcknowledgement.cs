namespace EdgeController.Core.Telemetry
{
    /// <summary>
    /// What the gateway's ledger tells a device about its messages (docs/design.md, the gateway
    /// ledger: the ledger, not the broker, decides when a reading may be forgotten). The command
    /// processor calls it with verified `ack` and `resend` commands; the durable outbox implements
    /// it. Readings and events share the seq counter, so one seq names one message of either kind.
    /// </summary>
    public interface ILedgerAcknowledgement
    {
        /// <summary>
        /// The ledger holds (or has closed as lost) every seq up to and including
        /// throughSequence: the device may forget those messages. A mark below one already taken
        /// changes nothing.
        /// </summary>
        void Acknowledge(long throughSequence);

        /// <summary>
        /// The ledger misses firstSequence..lastSequence (inclusive): publish those messages
        /// still held again, the same bytes, paced like any drain. Seqs no longer held are skipped
        /// (the device's signed dropped event has reported them, or they were never messages).
        /// </summary>
        void RequestResend(long firstSequence, long lastSequence);
    }
}
