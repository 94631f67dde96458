using EdgeController.Hal;
using EdgeController.Hal.Esp32;

namespace EdgeController.Device
{
    /// <summary>Opens M2Mqtt links for Core's composition root with the session it derives from the settings.</summary>
    public sealed class M2MqttLinkFactory : IMqttLinkFactory
    {
        /// <summary>How long a connect or a publish waits on the broker, ms.</summary>
        public const int OperationTimeoutMilliseconds = 10000;

        /// <inheritdoc />
        public IMqttLink Open(MqttLinkSettings settings)
        {
            settings.OperationTimeoutMilliseconds = OperationTimeoutMilliseconds;
            return new M2MqttLink(settings);
        }
    }
}
