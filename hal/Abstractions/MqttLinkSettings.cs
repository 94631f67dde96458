namespace EdgeController.Hal
{
    /// <summary>
    /// How a device reaches its broker (docs/design.md, Topics): the client id is the device id,
    /// the session persistent, the status topic carries a retained "online" after connect and a
    /// retained "offline" last will. TLS and username/password are optional. Plain data; every
    /// MQTT link implementation reads the same fields.
    /// </summary>
    public sealed class MqttLinkSettings
    {
        /// <summary>Broker host name or address.</summary>
        public string Host;

        /// <summary>Broker TCP port (1883 plain, 8883 TLS by convention).</summary>
        public int Port = 1883;

        /// <summary>MQTT client id: the device id.</summary>
        public string ClientId;

        /// <summary>The device's status topic (.../status).</summary>
        public string StatusTopic;

        /// <summary>User name, or null for none.</summary>
        public string Username;

        /// <summary>Password, or null for none (sent only with a user name).</summary>
        public string Password;

        /// <summary>True to connect over TLS.</summary>
        public bool UseTls;

        /// <summary>TLS: the broker certificate's expected host name, or null for <see cref="Host"/>.</summary>
        public string TlsServerName;

        /// <summary>TLS: PEM text of the CA that signs the broker's certificate, or null for the platform's store.</summary>
        public string TlsCaCertificatePem;

        /// <summary>
        /// TLS: the same CA as raw bytes (PEM or DER), when the caller has them as bytes; used when
        /// <see cref="TlsCaCertificatePem"/> is null.
        /// </summary>
        public byte[] TlsCaCertificate;

        /// <summary>
        /// TLS on the device: the name of the CA file on its flash drive (I:\&lt;name&gt;, deployed
        /// by tools/flash.sh --ca-cert), read at connect when neither of the above is given.
        /// </summary>
        public string TlsCaCertificateFile;

        /// <summary>
        /// False (the default): a link refuses to connect when it would send <see cref="Password"/>
        /// over a plain connection. True only when a setting explicitly allows it.
        /// </summary>
        public bool AllowPlainPassword;

        /// <summary>Keep-alive period the link negotiates and maintains, seconds.</summary>
        public int KeepAliveSeconds = 30;

        /// <summary>The longest a connect or a publish may block the caller, milliseconds.</summary>
        public int OperationTimeoutMilliseconds = 2000;
    }
}
