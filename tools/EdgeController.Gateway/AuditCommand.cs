using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using EdgeController.Ledger;
using EdgeController.Ledger.Audit;

namespace EdgeController.Gateway;

/// <summary>
/// `audit`: checks a signed head with the public key alone, and with it an entry (its raw bytes
/// and an inclusion proof), an older head (and a consistency proof), and, given the device keys,
/// the entry's own HMAC. No database. Prints one JSON object; exit 0 when every check holds, 1 when one fails.
/// </summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        Option<FileInfo> publicKey = new("--public-key") { Description = "The gateway's public key (gateway.pub.pem).", Required = true };
        Option<FileInfo> checkpoint = new("--checkpoint") { Description = "The head: a checkpoint file (signature in --signature) or the published note.", Required = true };
        Option<FileInfo?> signature = new("--signature") { Description = "The head's DER signature (default: <checkpoint>.sig)." };
        Option<FileInfo?> proof = new("--proof") { Description = "An inclusion proof (JSON of `prove --idx`) to the head." };
        Option<FileInfo?> message = new("--message") { Description = "The entry's raw bytes the inclusion proof is for." };
        Option<FileInfo?> keys = GatewayOptions.KeysFile("Also check the entry's device signature against this key registry.", required: false)!;
        Option<FileInfo?> oldCheckpoint = new("--old-checkpoint") { Description = "An older head (checkpoint file or note) the head must extend." };
        Option<FileInfo?> oldSignature = new("--old-signature") { Description = "The older head's DER signature (default: <old checkpoint>.sig)." };
        Option<FileInfo?> consistency = new("--consistency") { Description = "The consistency proof (JSON of `prove --from --to`) from the older head to the head." };
        Command command = new("audit", "Check a signed ledger head, inclusion and consistency proofs and readings with the public key alone.")
        {
            publicKey, checkpoint, signature, proof, message, keys, oldCheckpoint, oldSignature, consistency,
        };
        command.SetAction(parseResult =>
        {
            List<string> problems = [];
            Dictionary<string, object> report = new(StringComparer.Ordinal);
            try
            {
                using ECDsa key = GatewaySigningKey.LoadPublicKey(parseResult.GetRequiredValue(publicKey).FullName);
                SignedTreeHead head = ReadHead(parseResult.GetRequiredValue(checkpoint), parseResult.GetValue(signature));
                report["origin"] = head.Origin;
                report["tree_size"] = head.Size;
                report["root"] = Convert.ToHexStringLower(head.Root);
                Record(report, problems, "head", HeadAudit.CheckHead(head, key));

                FileInfo? proofFile = parseResult.GetValue(proof);
                FileInfo? messageFile = parseResult.GetValue(message);
                if ((proofFile is null) != (messageFile is null))
                {
                    throw new FormatException("--proof and --message go together");
                }

                if (proofFile is not null)
                {
                    byte[] raw = File.ReadAllBytes(messageFile!.FullName);
                    ProofJson.InclusionProof inclusion = ProofJson.ReadInclusion(File.ReadAllText(proofFile.FullName));
                    report["idx"] = inclusion.Index;
                    Record(report, problems, "inclusion", HeadAudit.CheckInclusion(head, inclusion, raw));
                    if (parseResult.GetValue(keys) is FileInfo keyFile)
                    {
                        Record(report, problems, "device_signature", HeadAudit.CheckDeviceSignature(raw, KeyRegistry.Load(keyFile.FullName)));
                    }
                }

                if (parseResult.GetValue(oldCheckpoint) is FileInfo oldFile)
                {
                    FileInfo consistencyFile = parseResult.GetValue(consistency) ?? throw new FormatException("--old-checkpoint needs --consistency");
                    SignedTreeHead older = ReadHead(oldFile, parseResult.GetValue(oldSignature));
                    report["old_tree_size"] = older.Size;
                    Record(report, problems, "old_head", HeadAudit.CheckHead(older, key));
                    Record(report, problems, "consistency", HeadAudit.CheckConsistency(older, head, ProofJson.ReadConsistency(File.ReadAllText(consistencyFile.FullName))));
                }
            }
            catch (Exception exception) when (exception is IOException or FormatException or ArgumentException or CryptographicException or KeyRegistryException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"error: {exception.Message}");
                return VerifyCommand.ExitCannotRead;
            }

            report["result"] = problems.Count == 0 ? "ok" : "fail";
            report["problems"] = problems;
            Console.WriteLine(JsonSerializer.Serialize(report));
            foreach (string problem in problems)
            {
                Console.Error.WriteLine($"FAIL {problem}");
            }

            return problems.Count == 0 ? VerifyCommand.ExitIntact : VerifyCommand.ExitBroken;
        });
        return command;
    }

    private static void Record(Dictionary<string, object> report, List<string> problems, string check, string problem)
    {
        report[check] = problem.Length == 0 ? "ok" : "fail";
        if (problem.Length > 0)
        {
            problems.Add(problem);
        }
    }

    private static SignedTreeHead ReadHead(FileInfo file, FileInfo? signatureFile)
    {
        byte[] text = File.ReadAllBytes(file.FullName);
        SignedTreeHead? head = SignedTreeHead.ParseNote(text);
        if (head is null)
        {
            byte[] signature = File.ReadAllBytes((signatureFile?.FullName) ?? file.FullName + ".sig");
            head = SignedTreeHead.Parse(text, signature);
        }

        return head ?? throw new FormatException($"{file.FullName} is not a checkpoint");
    }
}
