using EdgeController.Core.Config;

namespace EdgeController.Provision;

/// <summary>
/// `ec-provision board check FILE`: a board config through Core's one loader
/// (firmware/Core/Config/BoardConfigLoader.cs), the same the device runs at boot. tools/flash.sh
/// and flash.ps1 run it before anything reaches nanoff, and read the nanoff target from its output.
/// </summary>
public static class BoardCheck
{
    /// <summary>Exit code of a valid config.</summary>
    public const int Valid = 0;

    /// <summary>Exit code of a file that cannot be read.</summary>
    public const int Unreadable = 2;

    /// <summary>Exit code of a config the loader rejects.</summary>
    public const int Rejected = 3;

    /// <summary>
    /// Checks the file. Valid: "board=", "platform=" and, for a flashable board, "nanoffTarget=" lines
    /// on output, then "OK". Rejected: one "FILE: path: reason" line per error on error, then a count.
    /// </summary>
    public static int Run(string path, TextWriter output, TextWriter error)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"{path}: cannot be read: {e.Message}");
            return Unreadable;
        }

        BoardConfigLoadResult result = BoardConfigLoader.Load(text);
        if (!result.IsValid)
        {
            foreach (string problem in result.Errors)
            {
                error.WriteLine($"{path}: {problem}");
            }

            error.WriteLine($"{path}: refused, {result.Errors.Length} error{(result.Errors.Length == 1 ? "" : "s")}");
            return Rejected;
        }

        BoardConfig config = result.Config;
        output.WriteLine($"board={config.Board}");
        output.WriteLine($"platform={config.Platform}");
        if (config.NanoffTarget != null)
        {
            output.WriteLine($"nanoffTarget={config.NanoffTarget}");
        }

        output.WriteLine("OK");
        return Valid;
    }
}
