using System.CommandLine;
using EdgeController.Ledger;

namespace EdgeController.Gateway;

/// <summary>`export`: ledger entries as CSV or JSON lines, by device and device-time range.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        Option<FileInfo> ledger = GatewayOptions.LedgerFile("The ledger database (SQLite) to export from.");
        Option<string> format = new("--format") { Description = "csv, jsonl, or ocmf (OCMF records signed with the gateway's ECDSA key, docs/audit.md).", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "jsonl", "ocmf");
        Option<FileInfo?> signingKey = AuditPaths.SigningKey();
        Option<string?> device = new("--device") { Description = "Only this device." };
        Option<DateTimeOffset?> from = new("--from") { Description = "Only readings whose device time is at or after this (ISO 8601, UTC if no offset)." };
        Option<DateTimeOffset?> to = new("--to") { Description = "Only readings whose device time is before this." };
        Option<FileInfo?> output = new("--out") { Description = "Write to this file instead of standard output." };
        Command command = new("export", "Export ledger entries with their payload fields as CSV or JSON lines.") { ledger, format, device, from, to, output, signingKey };
        command.SetAction(parseResult =>
        {
            FileInfo ledgerFile = parseResult.GetRequiredValue(ledger);
            if (!ledgerFile.Exists)
            {
                Console.Error.WriteLine($"error: ledger '{ledgerFile.FullName}' does not exist");
                return VerifyCommand.ExitCannotRead;
            }

            FileInfo? outputFile = parseResult.GetValue(output);
            using TextWriter writer = outputFile is null ? Console.Out : new StreamWriter(outputFile.FullName);
            if (parseResult.GetValue(format) == "ocmf")
            {
                using EdgeController.Ledger.Audit.GatewaySigningKey key = EdgeController.Ledger.Audit.GatewaySigningKey.LoadOrCreate(AuditPaths.SigningKeyPath(parseResult.GetValue(signingKey), ledgerFile));
                int records = EdgeController.Ledger.Audit.OcmfExport.Write(ledgerFile.FullName, writer, key, parseResult.GetValue(device),
                    parseResult.GetValue(from)?.ToUnixTimeMilliseconds(), parseResult.GetValue(to)?.ToUnixTimeMilliseconds());
                Console.Error.WriteLine($"{records} OCMF records written");
                return 0;
            }

            int written = LedgerExport.Write(
                ledgerFile.FullName,
                writer,
                parseResult.GetValue(format) == "jsonl" ? LedgerExport.Format.JsonLines : LedgerExport.Format.Csv,
                parseResult.GetValue(device),
                parseResult.GetValue(from)?.ToUnixTimeMilliseconds(),
                parseResult.GetValue(to)?.ToUnixTimeMilliseconds());
            if (outputFile is not null)
            {
                Console.Error.WriteLine($"{written} entries written to {outputFile.FullName}");
            }

            return 0;
        });
        return command;
    }
}
