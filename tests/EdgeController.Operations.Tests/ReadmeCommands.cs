using System.Text.RegularExpressions;

namespace EdgeController.Operations.Tests;

/// <summary>The command lines of README.md: every line of its ```sh blocks, continuations joined, comments dropped.</summary>
public static partial class ReadmeCommands
{
    /// <summary>The repository root (the folder holding EdgeController.sln), found from the test's bin folder.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "EdgeController.sln")))
                {
                    return folder.FullName;
                }
            }

            throw new InvalidOperationException("EdgeController.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string Text => File.ReadAllText(Path.Combine(RepositoryRoot, "README.md"));

    /// <summary>Each sh block's command lines, in order.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Blocks(string markdown)
    {
        List<IReadOnlyList<string>> blocks = [];
        foreach (Match block in ShellBlock().Matches(markdown))
        {
            List<string> lines = [];
            string pending = "";
            foreach (string raw in block.Groups[1].Value.Split('\n'))
            {
                string line = raw.TrimEnd('\r');
                int comment = line.IndexOf(" #", StringComparison.Ordinal);
                line = (comment >= 0 ? line[..comment] : line).Trim();
                if (line.EndsWith('\\'))
                {
                    pending += line[..^1] + " ";
                    continue;
                }

                line = (pending + line).Trim();
                pending = "";
                if (line.Length > 0)
                {
                    lines.Add(line);
                }
            }

            blocks.Add(lines);
        }

        return blocks;
    }

    [GeneratedRegex("^```sh\\n(.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex ShellBlock();
}
