using System.Text.RegularExpressions;

namespace EdgeController.Control.Tests.Conformance;

/// <summary>
/// A quick guard over the Core folders this project adds (not the project-wide conformance check,
/// which reads the nano API lists): no floating point, no System.Math, no generics, and every file
/// listed in the nanoFramework project.
/// </summary>
public sealed partial class NanoSubsetSmokeTests
{
    private static readonly string[] s_folders = ["Dispatch", "Battery", "Protection", "Charging", "Sensing", "Planning", "Control"];

    [GeneratedRegex(@"\b(double|float|decimal|Math\.|List<|Dictionary<|Span<|stackalloc|async|await)\b|\w<\w")]
    private static partial Regex Forbidden();

    private static string CoreFolder()
    {
        string? directory = AppContext.BaseDirectory;
        while (directory != null && !File.Exists(Path.Combine(directory, "EdgeController.sln")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        return Path.Combine(directory ?? throw new InvalidOperationException("repository root not found"), "firmware", "Core");
    }

    [Fact]
    public void CoreControlFolders_UseOnlyIntegerNonGenericCode()
    {
        string core = CoreFolder();
        var offences = new List<string>();
        foreach (string folder in s_folders)
        {
            string path = Path.Combine(core, folder);
            if (!Directory.Exists(path))
            {
                continue;
            }

            foreach (string file in Directory.EnumerateFiles(path, "*.cs"))
            {
                string[] lines = File.ReadAllLines(file);
                for (int i = 0; i < lines.Length; i++)
                {
                    string code = lines[i];
                    int comment = code.IndexOf("//", StringComparison.Ordinal);
                    if (comment >= 0)
                    {
                        code = code[..comment];
                    }

                    if (Forbidden().IsMatch(code))
                    {
                        offences.Add($"{Path.GetFileName(file)}:{i + 1}: {lines[i].Trim()}");
                    }
                }
            }
        }

        Assert.Empty(offences);
    }

    [Fact]
    public void CoreControlFolders_EveryFileIsListedInTheNanoProject()
    {
        string core = CoreFolder();
        string project = File.ReadAllText(Path.Combine(core, "EdgeController.Core.nfproj"));
        var missing = new List<string>();
        foreach (string folder in s_folders)
        {
            string path = Path.Combine(core, folder);
            if (!Directory.Exists(path))
            {
                continue;
            }

            foreach (string file in Directory.EnumerateFiles(path, "*.cs"))
            {
                string include = $"<Compile Include=\"{folder}\\{Path.GetFileName(file)}\" />";
                if (!project.Contains(include, StringComparison.Ordinal))
                {
                    missing.Add(include);
                }
            }
        }

        Assert.Empty(missing);
    }
}
