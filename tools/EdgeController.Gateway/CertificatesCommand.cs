using System.CommandLine;
using EdgeController.Ledger.Audit;

namespace EdgeController.Gateway;

/// <summary>
/// `certificates`: issues hourly energy certificates from the ledger's signed PV registers (one
/// bundle per device per hour, never twice), storage records, and the hourly matching report of
/// consumers' use against claimable bundles; --claim records those claims. JSON on stdout.
/// </summary>
internal static class CertificatesCommand
{
    public static Command Create()
    {
        Option<FileInfo> ledger = GatewayOptions.LedgerFile("The ledger database (SQLite); issuance and claims are kept in it.");
        Option<DateTimeOffset?> from = new("--from") { Description = "Only hours starting at or after this (ISO 8601, UTC if no offset)." };
        Option<DateTimeOffset?> to = new("--to") { Description = "Only hours ending at or before this." };
        Option<string> format = new("--format") { Description = "json.", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json");
        Option<bool> claim = new("--claim") { Description = "Record the matching report's claims (a claimed Wh cannot be claimed again)." };
        Command command = new("certificates", "Issue hourly energy certificates from signed PV production, with storage records and an hourly matching report.")
        {
            ledger, from, to, format, claim,
        };
        command.SetAction(parseResult =>
        {
            FileInfo ledgerFile = parseResult.GetRequiredValue(ledger);
            if (!ledgerFile.Exists)
            {
                Console.Error.WriteLine($"error: ledger '{ledgerFile.FullName}' does not exist");
                return VerifyCommand.ExitCannotRead;
            }

            Console.WriteLine(EnergyCertificates.Run(ledgerFile.FullName, parseResult.GetValue(from)?.ToUnixTimeMilliseconds(),
                parseResult.GetValue(to)?.ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), parseResult.GetValue(claim)));
            return 0;
        });
        return command;
    }
}
