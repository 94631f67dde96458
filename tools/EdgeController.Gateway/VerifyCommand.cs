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
        Command command = new("verify", "Recompute the ledger's hash chain from the first entry and name the first entry that does not match.")
        {
            ledger,
            keys,
        };
        command.SetAction(parseResult => Run(parseResult.GetRequiredValue(ledger), parseResult.GetValue(keys)));
        return command;
    }

    private static int Run(FileInfo ledgerFile, FileInfo? keysFile)
    {
        try
        {
            KeyRegistry? registry = keysFile is null ? null : KeyRegistry.Load(keysFile.FullName);
            ChainVerification result = LedgerChainVerifier.Verify(ledgerFile.FullName, registry);
            if (result.IsValid)
            {
                Console.WriteLine($"OK {result.EntriesChecked} entries verified{(registry is null ? "" : " with signatures")}; head {Convert.ToHexStringLower(result.HeadHash)}");
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
