using System.CommandLine;
using System.CommandLine.Parsing;
using EdgeController.Ledger;

namespace EdgeController.Gateway;

/// <summary>Options the gateway's commands share, with their parsing and validation.</summary>
internal static class GatewayOptions
{
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
