using System.CommandLine;

namespace EdgeController.Provision;

/// <summary>`ec-provision board ...`: board configs, checked before they go on a device.</summary>
public static class BoardCommands
{
    public static Command Board()
    {
        Argument<FileInfo> file = new("FILE") { Description = "A board config (board-configs/<board>.json, or your own board's file)." };
        Command check = new("check", "Validate a board config with the device's own loader and name every error (exit 0 valid, 2 unreadable, 3 refused).")
        {
            file,
        };
        check.SetAction(parseResult => BoardCheck.Run(parseResult.GetRequiredValue(file).FullName, Console.Out, Console.Error));
        return new Command("board", "Board configs.") { check };
    }
}
