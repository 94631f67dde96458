using System.Globalization;

namespace EdgeController.Ledger;

/// <summary>A broker's "host:port" as typed on a command line.</summary>
public sealed record BrokerAddress(string Host, int Port)
{
    /// <summary>The MQTT port when none is given.</summary>
    public const int DefaultPort = 1883;

    /// <summary>Parses "host", "host:port" or "[v6]:port"; error says why it is not one.</summary>
    public static bool TryParse(string text, out BrokerAddress? address, out string error)
    {
        address = null;
        error = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "a broker address is empty; use host:port, e.g. 127.0.0.1:1883";
            return false;
        }

        string host = text;
        string? portText = null;
        if (text.StartsWith('['))
        {
            // [v6 address] or [v6 address]:port
            int close = text.IndexOf(']');
            if (close < 0 || (close + 1 < text.Length && text[close + 1] != ':'))
            {
                error = $"broker address '{text}' is not [ipv6]:port";
                return false;
            }

            host = text[1..close];
            portText = close + 1 < text.Length ? text[(close + 2)..] : null;
        }
        else if (text.Count(c => c == ':') == 1)
        {
            int colon = text.IndexOf(':');
            host = text[..colon];
            portText = text[(colon + 1)..];
        }

        int port = DefaultPort;
        if (portText is not null
            && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            error = $"'{portText}' is not a port (1..65535) in broker address '{text}'";
            return false;
        }

        if (host.Length == 0)
        {
            error = $"broker address '{text}' has no host";
            return false;
        }

        address = new BrokerAddress(host, port);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
