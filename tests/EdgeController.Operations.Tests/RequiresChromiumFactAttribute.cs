namespace EdgeController.Operations.Tests;

/// <summary>
/// A fact that needs Debian's chromium. Skipped on a machine without it, but with CI=true it
/// runs and fails: .ci/run installs chromium, so CI never passes without the browser test.
/// </summary>
public sealed class RequiresChromiumFactAttribute : FactAttribute
{
    public RequiresChromiumFactAttribute()
    {
        if (Chromium.ExecutablePath is null && !ExternalProcess.OnCi)
        {
            Skip = "needs chromium (apt-get install chromium); with CI=true this fails instead";
        }
    }
}

/// <summary>Where Debian puts the browser.</summary>
public static class Chromium
{
    public static string? ExecutablePath =>
        new[] { "/usr/lib/chromium/chromium", "/usr/bin/chromium" }.FirstOrDefault(File.Exists);

    /// <summary>Headless, no sandbox (root in CI), and no look-ups of any host but loopback.</summary>
    public static readonly string[] Arguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
    ];
}
