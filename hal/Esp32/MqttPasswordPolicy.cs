namespace EdgeController.Hal.Esp32
{
    /// <summary>
    /// The rule that keeps mqtt_pass off the wire in clear: a link that would send a password over
    /// a plain connection refuses to connect unless <see cref="MqttLinkSettings.AllowPlainPassword"/>
    /// is set. Plain mscorlib, so tests/EdgeController.DeviceProjects.Tests compiles and runs it.
    /// </summary>
    internal static class MqttPasswordPolicy
    {
        /// <summary>What the link reports (its LastError) when it refuses.</summary>
        internal const string RefusalMessage = "not sending mqtt_pass over a plain connection: turn TLS on, or allow it explicitly";

        /// <summary>True when a connect with these settings must not happen.</summary>
        internal static bool Refuses(MqttLinkSettings settings)
        {
            bool sendsPassword = settings.Username != null && settings.Username.Length > 0 && settings.Password != null
                && settings.Password.Length > 0;
            return sendsPassword && !settings.UseTls && !settings.AllowPlainPassword;
        }
    }
}
