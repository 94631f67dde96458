using EdgeController.Hal;

namespace EdgeController.Simulator;

/// <summary>A link with no broker behind it (the console-only simulator): nothing is published, the outbox fills and counts drops.</summary>
public sealed class OfflineMqttLink : IMqttLink
{
    /// <inheritdoc />
    public bool IsConnected => false;

    /// <inheritdoc />
    public bool Publish(string topic, byte[] payload, int length, bool retain) => false;
}
