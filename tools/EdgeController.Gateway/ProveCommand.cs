using System.CommandLine;
using EdgeController.Ledger.Audit;

namespace EdgeController.Gateway;

/// <summary>
/// `prove`: an inclusion proof of entry --idx in the tree of --size entries (default the newest
/// signed head), or a consistency proof --from S1 --to S2, as one JSON object on stdout (RFC 9162).
/// Read-only: runs beside a gateway that is appending.
/// </summary>
internal static class ProveCommand
{
    public static Command Create()
    {
        Option<FileInfo> ledger = GatewayOptions.LedgerFile("The ledger database (SQLite).");
        Option<long?> index = new("--idx") { Description = "The entry (idx, from 1) to prove included." };
        Option<long?> size = new("--size") { Description = "The tree size to prove it in (default: the newest signed head's)." };
        Option<long?> from = new("--from") { Description = "Consistency proof: the older tree size." };
        Option<long?> to = new("--to") { Description = "Consistency proof: the newer tree size (default: the newest signed head's)." };
        Option<FileInfo?> messageOut = new("--message-out") { Description = "Also write the entry's raw bytes (what the leaf hashes) to this file." };
        Command command = new("prove", "Print an inclusion (--idx) or consistency (--from, --to) proof as JSON.") { ledger, index, size, from, to, messageOut };
        command.SetAction(parseResult =>
        {
            FileInfo ledgerFile = parseResult.GetRequiredValue(ledger);
            long? entry = parseResult.GetValue(index);
            long? older = parseResult.GetValue(from);
            if (!ledgerFile.Exists || (entry is null) == (older is null))
            {
                Console.Error.WriteLine(ledgerFile.Exists ? "error: give either --idx or --from" : $"error: ledger '{ledgerFile.FullName}' does not exist");
                return VerifyCommand.ExitCannotRead;
            }

            try
            {
                using MerkleReader reader = MerkleReader.Open(ledgerFile.FullName);
                long? treeSize = entry is not null ? parseResult.GetValue(size) : parseResult.GetValue(to);
                treeSize ??= reader.NewestHead()?.Size;
                if (treeSize is null)
                {
                    Console.Error.WriteLine("error: no signed head yet; give the size, or sign one with `ec-gateway head`");
                    return VerifyCommand.ExitCannotRead;
                }

                if (entry is long idx)
                {
                    byte[] raw = reader.Raw(idx);
                    List<byte[]> path = reader.Inclusion(idx, treeSize.Value);
                    Console.WriteLine(ProofJson.Write(new ProofJson.InclusionProof(idx, treeSize.Value, MerkleHash.Leaf(raw), reader.Root(treeSize.Value), path)));
                    if (parseResult.GetValue(messageOut) is FileInfo messageFile)
                    {
                        File.WriteAllBytes(messageFile.FullName, raw);
                    }
                }
                else
                {
                    Console.WriteLine(ProofJson.Write(new ProofJson.ConsistencyProof(older!.Value, treeSize.Value, reader.Consistency(older.Value, treeSize.Value))));
                }

                return 0;
            }
            catch (Exception exception) when (exception is ArgumentOutOfRangeException or InvalidOperationException or IOException or Microsoft.Data.Sqlite.SqliteException)
            {
                Console.Error.WriteLine($"error: {exception.Message}");
                return VerifyCommand.ExitCannotRead;
            }
        });
        return command;
    }
}
