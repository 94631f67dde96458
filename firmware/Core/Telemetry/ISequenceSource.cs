namespace EdgeController.Core.Telemetry
{
    /// <summary>
    /// Hands out the device's message counter ("seq"): one counter for readings and events
    /// alike, persisted before it is used, so (device, seq) names one message for the device's
    /// whole life and the gateway's ledger can hold both without a collision or a false gap.
    /// </summary>
    public interface ISequenceSource
    {
        /// <summary>Takes the next seq, persisted before it is returned.</summary>
        long ReserveSequence();
    }
}
