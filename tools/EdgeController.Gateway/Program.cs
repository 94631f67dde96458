using System.CommandLine;
using EdgeController.Gateway;

RootCommand root = new("EdgeController gateway: verifies signed meter readings and keeps a tamper-evident ledger.")
{
    RunCommand.Create(),
    VerifyCommand.Create(),
    StatusCommand.Create(),
    ExportCommand.Create(),
    ReportCommand.Create(),
    MarketCommand.Create(),
    EdgeController.Gateway.Serve.ServeCommand.Create(),
    TariffSendCommand.Create(),
    HeadCommand.Create(),
    ProveCommand.Create(),
    AuditCommand.Create(),
    CertificatesCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
