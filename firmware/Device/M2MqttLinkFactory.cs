using EdgeController.Hal;
using EdgeController.Hal.Esp32;

namespace EdgeController.Device
{
    /// <summary>Opens M2Mqtt links for Core's composition root with the session it derives from the settings.</summary>
    public sealed class M2MqttLinkFactory : IMqttLinkFactory
    {
        /// <summary>How long a publish waits for its PUBACK, ms.</summary>
        public const int PublishTimeoutMilliseconds = 10000;

        /// <inheritdoc />
        public IMqttLink Open(MqttLinkSettings settings)
        {
            return new M2MqttLink(settings.Host, settings.Port, settings.ClientId, settings.Username, settings.Password,
                settings.StatusTopic, PublishTimeoutMilliseconds);
        }
    }
}
