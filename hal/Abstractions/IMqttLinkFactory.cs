namespace EdgeController.Hal
{
    /// <summary>
    /// Opens the platform's MQTT link (M2Mqtt on the ESP32, MQTTnet on a PC) with the session the
    /// composition root derives from the device's settings: broker, client id, last will,
    /// credentials, TLS. Nothing connects yet: Core decides when (IMqttConnection). A link that
    /// can reconnect or receive also implements IMqttConnection or IMqttInbox.
    /// </summary>
    public interface IMqttLinkFactory
    {
        /// <summary>A link for settings, not yet connected.</summary>
        IMqttLink Open(MqttLinkSettings settings);
    }
}
