using System.CommandLine;
using System.CommandLine.Parsing;
using EdgeController.Ledger;

namespace EdgeController.Gateway;

/// <summary>Options the gateway's commands share, with their parsing, validation and the default files beside the ledger.</summary>
internal static class GatewayOptions
{
    /// <summary>What the default file names in help texts say (the code below makes exactly these).</summary>
    public const string DefaultKeysHelp = "the ledger's path without its extension + .keys.json, e.g. site.db: site.keys.json";

    public const string DefaultGatewayKeyHelp = "the ledger's path without its extension + .gateway-key.json, e.g. site.db: site.gateway-key.json";

    public static Option<BrokerAddress> Broker(string description, bool required) => new("--broker")
    {
        Description = description,
        Required = required,
        CustomParser = ParseBroker,
        DefaultValueFactory = _ => new BrokerAddress("127.0.0.1", BrokerAddress.DefaultPort),
    };

    public static Option<FileInfo> LedgerFile(string description) => new("--ledger")
    {
        Description = description,
        Required = true,
    };

    public static Option<FileInfo> KeysFile(string description, bool required) => new("--keys")
    {
        Description = description,
        Required = required,
    };

    /// <summary>site.db -> site.keys.json, as the simulator and provisioning write it.</summary>
    public static FileInfo DefaultKeysFile(FileInfo ledger) => Beside(ledger, ".keys.json");

    /// <summary>site.db -> site.gateway-key.json, as `run` creates it.</summary>
    public static FileInfo DefaultGatewayKeyFile(FileInfo ledger) => Beside(ledger, ".gateway-key.json");

    private static FileInfo Beside(FileInfo ledger, string suffix) =>
        new(Path.Combine(ledger.DirectoryName ?? ".", Path.GetFileNameWithoutExtension(ledger.Name) + suffix));

    /// <summary>--username, --password-file, --tls, --ca-file: how to log in to the broker.</summary>
    public sealed class BrokerLogin
    {
        public Option<string?> Username { get; } = new("--username") { Description = "Broker user name (as in mosquitto's password file)." };

        public Option<FileInfo?> PasswordFile { get; } = new("--password-file") { Description = "File whose first line is the broker password (never on the command line)." };

        public Option<bool> Tls { get; } = new("--tls") { Description = "Connect to the broker over TLS (use the broker's TLS port, 8883 by convention)." };

        public Option<FileInfo?> CaFile { get; } = new("--ca-file") { Description = "PEM file of the CA that signs the broker's certificate (default: the system's trust store). Implies --tls." };

        public void AddTo(Command command)
        {
            command.Options.Add(Username);
            command.Options.Add(PasswordFile);
            command.Options.Add(Tls);
            command.Options.Add(CaFile);
        }

        /// <summary>The connection the options describe; throws IOException with the file named when one cannot be read.</summary>
        public BrokerConnection Connection(ParseResult parseResult, BrokerAddress address)
        {
            FileInfo? passwordFile = parseResult.GetValue(PasswordFile);
            FileInfo? caFile = parseResult.GetValue(CaFile);
            string? password = passwordFile is null ? null : ReadFirstLine(passwordFile);
            string? username = parseResult.GetValue(Username);
            if (password is not null && string.IsNullOrEmpty(username))
            {
                throw new IOException("--password-file needs --username");
            }

            return new BrokerConnection(address.Host, address.Port)
            {
                Username = username,
                Password = password,
                UseTls = parseResult.GetValue(Tls) || caFile is not null,
                CaCertificatePem = caFile is null ? null : File.ReadAllText(caFile.FullName),
            };
        }

        private static string ReadFirstLine(FileInfo file)
        {
            using StreamReader reader = new(file.FullName);
            return reader.ReadLine() ?? "";
        }
    }

    private static BrokerAddress ParseBroker(ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (BrokerAddress.TryParse(text, out BrokerAddress? address, out string error))
        {
            return address!;
        }

        result.AddError(error);
        return new BrokerAddress("127.0.0.1", BrokerAddress.DefaultPort);
    }
}
