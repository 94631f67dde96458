using System.Security.Cryptography.X509Certificates;
using MQTTnet;

namespace EdgeController.Ledger;

/// <summary>A <see cref="BrokerConnection"/> on an MQTTnet client's options: every gateway client logs in the same way.</summary>
public static class BrokerClientOptions
{
    /// <summary>The broker's address, the user name and password when there is one, and TLS with the operator's CA when asked for.</summary>
    public static MqttClientOptionsBuilder WithBroker(this MqttClientOptionsBuilder builder, BrokerConnection broker)
    {
        builder = builder.WithTcpServer(broker.Host, broker.Port);
        if (!string.IsNullOrEmpty(broker.Username))
        {
            builder = builder.WithCredentials(broker.Username, broker.Password);
        }

        if (broker.UseTls)
        {
            builder = builder.WithTlsOptions(tls =>
            {
                tls.UseTls().WithTargetHost(broker.Host);
                if (!string.IsNullOrEmpty(broker.CaCertificatePem))
                {
                    tls.WithTrustChain([X509Certificate2.CreateFromPem(broker.CaCertificatePem)]);
                }
            });
        }

        return builder;
    }
}
