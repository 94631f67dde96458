namespace EdgeController.Hal
{
    /// <summary>
    /// Opening the MQTT session, one attempt at a time: Core decides when to try (backoff with
    /// jitter), the implementation does the attempt, bounded in time, with the settings of
    /// <see cref="MqttLinkSettings"/> (client id, will, TLS, credentials, keep-alive). Kept apart
    /// from <see cref="IMqttLink"/> so code that only publishes does not see it.
    /// </summary>
    public interface IMqttConnection
    {
        /// <summary>
        /// One connection attempt: connect, then publish the retained "online" status. Returns
        /// false when the broker could not be reached or refused; never blocks longer than the
        /// implementation's connect timeout.
        /// </summary>
        bool TryConnect();
    }
}
