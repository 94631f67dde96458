namespace EdgeController.Hal
{
    /// <summary>
    /// Messages the broker delivers to the device (its .../cmd topic), taken by polling from the
    /// device's loop: the implementation queues what arrives (a few messages, bounded) and keeps
    /// the subscriptions across reconnects.
    /// </summary>
    public interface IMqttInbox
    {
        /// <summary>Subscribes to topic at QoS 1, now if connected and again after every new session.</summary>
        void Subscribe(string topic);

        /// <summary>
        /// Moves the oldest received message into buffer. Returns its length and its topic, or -1
        /// when nothing is waiting. A message longer than buffer is discarded and reads as length 0.
        /// </summary>
        int TryReceive(byte[] buffer, out string topic);
    }
}
