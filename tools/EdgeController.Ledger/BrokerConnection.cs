namespace EdgeController.Ledger;

/// <summary>
/// How the gateway reaches its broker: address, optional user name and password, optional TLS
/// with a CA of its own (PEM text) instead of the system's trust store.
/// </summary>
public sealed record BrokerConnection(string Host, int Port)
{
    /// <summary>User name, or null for none.</summary>
    public string? Username { get; init; }

    /// <summary>Password (sent only with a user name), or null.</summary>
    public string? Password { get; init; }

    /// <summary>True to connect over TLS.</summary>
    public bool UseTls { get; init; }

    /// <summary>TLS: PEM text of the CA that signs the broker's certificate, or null for the system's trust store.</summary>
    public string? CaCertificatePem { get; init; }

    /// <inheritdoc />
    public override string ToString() => (UseTls ? "mqtts://" : "mqtt://") + (Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}");
}
