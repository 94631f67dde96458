using System.CommandLine;
using EdgeController.Ledger;

namespace EdgeController.Gateway;

/// <summary>`verify`: recomputes the ledger's chain; exit 0 when intact, 1 naming the first bad entry.</summary>
internal static class VerifyCommand
{
    public const int ExitIntact = 0;
    public const int ExitBroken = 1;
    public const int ExitCannotRead = 2;

    public static Command Create()
    {
        Option<FileInfo> ledger = GatewayOptions.LedgerFile("The ledger database (SQLite) to check.");
        Option<FileInfo> keys = GatewayOptions.KeysFile("Also check every entry's signature against this key registry.", required: false);
        Option<FileInfo?> gatewayKey = new("--gateway-key") { Description = $"Also check every stored checkpoint against this gateway key and the chain (the file `run` made: by default {GatewayOptions.DefaultGatewayKeyHelp})." };
        Option<bool> market = new("--market") { Description = "Also replay every market clearing and settlement from the ledger alone (with --gateway-key, their signatures too)." };
        Command command = new("verify", "Recompute the ledger's hash chain from the first entry and name the first entry that does not match.")
        {
            ledger,
            keys,
            gatewayKey,
            market,
        };
        command.SetAction(parseResult =>
        {
            int chain = Run(parseResult.GetRequiredValue(ledger), parseResult.GetValue(keys), parseResult.GetValue(gatewayKey));
            // market (issue 13): the replay runs only on an intact chain.
            return chain == ExitIntact && parseResult.GetValue(market)
                ? MarketVerifyOption.Run(parseResult.GetRequiredValue(ledger), parseResult.GetValue(gatewayKey))
                : chain;
        });
        return command;
    }

    private static int Run(FileInfo ledgerFile, FileInfo? keysFile, FileInfo? gatewayKeyFile)
    {
        try
        {
            KeyRegistry? registry = keysFile is null ? null : KeyRegistry.Load(keysFile.FullName);
            ChainVerification result = LedgerChainVerifier.Verify(ledgerFile.FullName, registry);
            if (result.IsValid)
            {
                Console.WriteLine($"OK {result.EntriesChecked} entries verified{(registry is null ? "" : " with signatures")}; head {Convert.ToHexStringLower(result.HeadHash)}");
                if (gatewayKeyFile is not null)
                {
                    if (!gatewayKeyFile.Exists)
                    {
                        Console.Error.WriteLine($"error: gateway key '{gatewayKeyFile.FullName}' does not exist");
                        return ExitCannotRead;
                    }

                    (int checkedCount, string problem) = CheckpointVerifier.Verify(ledgerFile.FullName, GatewayKey.LoadOrCreate(gatewayKeyFile.FullName));
                    if (problem.Length > 0)
                    {
                        Console.WriteLine($"FAIL {problem}");
                        return ExitBroken;
                    }

                    Console.WriteLine($"OK {checkedCount} checkpoints match the chain");
                }

                return ExitIntact;
            }

            Console.WriteLine($"FAIL entry idx={result.FirstBadIndex}: {result.Problem}");
            Console.WriteLine($"     {result.EntriesChecked} entries before it verified");
            return ExitBroken;
        }
        catch (Exception exception) when (exception is FileNotFoundException or KeyRegistryException or Microsoft.Data.Sqlite.SqliteException)
        {
            Console.Error.WriteLine($"error: {exception.Message}");
            return ExitCannotRead;
        }
    }
}
