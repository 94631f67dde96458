using EdgeController.Ledger;
using EdgeController.Ledger.Market;

namespace EdgeController.Gateway;

/// <summary>`verify --market`: replays the market and names the first `_market` record that does not reproduce.</summary>
internal static class MarketVerifyOption
{
    public static int Run(FileInfo ledgerFile, FileInfo? gatewayKeyFile)
    {
        try
        {
            GatewayKey? key = gatewayKeyFile is { Exists: true } ? GatewayKey.LoadOrCreate(gatewayKeyFile.FullName) : null;
            MarketVerification result = MarketReplay.Verify(ledgerFile.FullName, key);
            if (result.IsValid)
            {
                Console.WriteLine($"OK {result.RecordsChecked} market records reproduced{(key is null ? "" : " with signatures")}");
                return VerifyCommand.ExitIntact;
            }

            Console.WriteLine($"FAIL market record idx={result.FirstBadIndex}: {result.Problem}");
            Console.WriteLine($"     {result.RecordsChecked} market records before it reproduced");
            return VerifyCommand.ExitBroken;
        }
        catch (Exception exception) when (exception is FileNotFoundException or KeyRegistryException or Microsoft.Data.Sqlite.SqliteException)
        {
            Console.Error.WriteLine($"error: {exception.Message}");
            return VerifyCommand.ExitCannotRead;
        }
    }
}
