using System.CommandLine;
using EdgeController.Ledger;

namespace EdgeController.Gateway;

/// <summary>`export`: ledger entries as CSV or JSON lines, by device and device-time range.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        Option<FileInfo> ledger = GatewayOptions.LedgerFile("The ledger database (SQLite) to export from.");
        Option<string> format = new("--format") { Description = "csv or jsonl.", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "jsonl");
        Option<string?> device = new("--device") { Description = "Only this device." };
        Option<DateTimeOffset?> from = new("--from") { Description = "Only readings whose device time is at or after this (ISO 8601, UTC if no offset)." };
        Option<DateTimeOffset?> to = new("--to") { Description = "Only readings whose device time is before this." };
        Option<FileInfo?> output = new("--out") { Description = "Write to this file instead of standard output." };
        Command command = new("export", "Export ledger entries with their payload fields as CSV or JSON lines.") { ledger, format, device, from, to, output };
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
