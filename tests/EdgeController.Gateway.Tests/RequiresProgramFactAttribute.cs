namespace EdgeController.Gateway.Tests;

/// <summary>
/// A fact that needs programs from Debian's packages (mosquitto, openssl). Skipped on a machine
/// without them, but when CI=true it runs and fails: .ci/run installs them, so CI never passes without.
/// </summary>
public sealed class RequiresProgramFactAttribute : FactAttribute
{
    /// <summary>Decides whether to skip.</summary>
    public RequiresProgramFactAttribute(params string[] programs)
    {
        string[] missing = programs.Where(program => ExternalProcess.Find(program) is null).ToArray();
        if (missing.Length > 0 && !ExternalProcess.OnCi)
        {
            Skip = $"needs {string.Join(", ", missing)} (apt-get install mosquitto mosquitto-clients openssl); with CI=true this fails instead";
        }
    }
}
