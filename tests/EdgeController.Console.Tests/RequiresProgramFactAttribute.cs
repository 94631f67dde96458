namespace EdgeController.Console.Tests;

/// <summary>
/// A fact that needs programs from Debian's packages (tmux, picocom, socat). Skipped on a machine
/// without them, but when CI=true it runs and fails: .ci/run installs them, so CI never passes without.
/// </summary>
public sealed class RequiresProgramFactAttribute : FactAttribute
{
    public RequiresProgramFactAttribute(params string[] programs)
    {
        string[] missing = programs.Where(program => FindProgram(program) is null).ToArray();
        bool onCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (missing.Length > 0 && !onCi)
        {
            Skip = $"needs {string.Join(", ", missing)} (apt-get install tmux picocom socat); with CI=true this fails instead";
        }
    }

    /// <summary>The full path of a program on PATH, or null.</summary>
    public static string? FindProgram(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(folder => Path.Combine(folder, program))
            .FirstOrDefault(File.Exists);
}
