namespace EdgeController.Hal
{
    /// <summary>
    /// The device's connection to its MQTT broker. The session itself (client id, last will, TLS,
    /// keep-alive) belongs to the implementation; when to reconnect is Core's decision, through
    /// <see cref="IMqttConnection"/>. Code that only publishes sees only this.
    /// </summary>
    public interface IMqttLink
    {
        /// <summary>True while a session with the broker is up.</summary>
        bool IsConnected { get; }

        /// <summary>
        /// Publishes payload[0..length) at QoS 1. Returns true only once the broker has taken
        /// responsibility for the message (its PUBACK); false when it could not be delivered now,
        /// in which case the caller keeps the message and tries again later.
        /// </summary>
        bool Publish(string topic, byte[] payload, int length, bool retain);
    }
}
