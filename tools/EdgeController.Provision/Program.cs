using System.CommandLine;
using EdgeController.Provision;

RootCommand root = new("EdgeController provisioning: device identity, keys and settings files, and the gateway's key registry.")
{
    ProvisionCommands.Create(),
    ProvisionCommands.Rotate(),
    ProvisionCommands.Retire(),
    BoardCommands.Board(),
};
return await root.Parse(args).InvokeAsync();
