namespace EdgeController.Hal.Simulation.Mqtt;

/// <summary>
/// Hands the composition root a link the host made beforehand (a test's link into an in-process
/// broker, an offline link), whatever the settings say; <see cref="LastSettings"/> keeps what the
/// root asked for, so a test can check the session it derived.
/// </summary>
public sealed class PreparedMqttLinkFactory(IMqttLink link) : IMqttLinkFactory
{
    /// <summary>The settings of the last <see cref="Open"/>, or null.</summary>
    public MqttLinkSettings? LastSettings { get; private set; }

    /// <inheritdoc />
    public IMqttLink Open(MqttLinkSettings settings)
    {
        LastSettings = settings;
        return link;
    }
}
