namespace EdgeController.Core.Telemetry
{
    /// <summary>What an outbox entry is, which decides its topic.</summary>
    public enum MessageKind
    {
        /// <summary>A signed meter reading (topic .../reading).</summary>
        Reading = 0,

        /// <summary>A signed event (topic .../event).</summary>
        Event = 1,
    }
}
