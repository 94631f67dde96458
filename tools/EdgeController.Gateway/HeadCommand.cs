using System.CommandLine;
using EdgeController.Ledger;
using EdgeController.Ledger.Audit;

namespace EdgeController.Gateway;

/// <summary>
/// `head`: writes the ledger's signed tree head at its current size (checkpoint, checkpoint.sig in
/// DER, gateway.pub.pem), signing one when there is none at that size. Prints the head as JSON.
/// </summary>
internal static class HeadCommand
{
    public static Command Create()
    {
        Option<FileInfo> ledger = GatewayOptions.LedgerFile("The ledger database (SQLite).");
        Option<DirectoryInfo> output = new("--out") { Description = "Folder to write checkpoint, checkpoint.sig and gateway.pub.pem into.", Required = true };
        Option<string?> site = new("--site") { Description = "The site of the origin ec/v1/<site>/ledger (default: the newest head's, else the ledger file's name)." };
        Option<FileInfo?> signingKey = AuditPaths.SigningKey();
        Command command = new("head", "Sign (when needed) and write the ledger's tree head: checkpoint, checkpoint.sig (DER), gateway.pub.pem.")
        {
            ledger, output, site, signingKey,
        };
        command.SetAction(parseResult =>
        {
            FileInfo ledgerFile = parseResult.GetRequiredValue(ledger);
            if (!ledgerFile.Exists)
            {
                Console.Error.WriteLine($"error: ledger '{ledgerFile.FullName}' does not exist");
                return VerifyCommand.ExitCannotRead;
            }

            try
            {
                using GatewaySigningKey key = GatewaySigningKey.LoadOrCreate(AuditPaths.SigningKeyPath(parseResult.GetValue(signingKey), ledgerFile));
                using LedgerDatabase database = LedgerDatabase.Open(ledgerFile.FullName);
                SignedTreeHead? newest;
                using (MerkleReader reader = MerkleReader.Open(ledgerFile.FullName))
                {
                    newest = reader.NewestHead();
                }

                string? siteId = AuditPaths.Site(parseResult.GetValue(site), newest, ledgerFile);
                if (siteId is null)
                {
                    Console.Error.WriteLine("error: give --site (1..32 of [A-Za-z0-9_-])");
                    return VerifyCommand.ExitCannotRead;
                }

                SignedTreeHead? head = database.Tree.SignHead(key, siteId, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                if (head is null)
                {
                    Console.Error.WriteLine("error: the ledger is empty; there is no tree to sign");
                    return VerifyCommand.ExitBroken;
                }

                DirectoryInfo folder = parseResult.GetRequiredValue(output);
                folder.Create();
                File.WriteAllBytes(Path.Combine(folder.FullName, "checkpoint"), head.Checkpoint);
                File.WriteAllBytes(Path.Combine(folder.FullName, "checkpoint.sig"), head.Signature);
                File.WriteAllText(Path.Combine(folder.FullName, "gateway.pub.pem"), key.PublicKeyPem());
                Console.Error.WriteLine($"head {head.Origin} size {head.Size} written to {folder.FullName}");
                Console.WriteLine($"{{\"origin\":\"{head.Origin}\",\"tree_size\":{head.Size},\"root\":\"{Convert.ToHexStringLower(head.Root)}\"}}");
                return 0;
            }
            catch (Exception exception) when (exception is KeyRegistryException or IOException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
            {
                Console.Error.WriteLine($"error: {exception.Message}");
                return VerifyCommand.ExitCannotRead;
            }
        });
        return command;
    }
}
