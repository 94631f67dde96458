namespace EdgeController.Conformance.Tests;

/// <summary>A theory that needs the nano-api lists; skipped without them unless CI=true (see <see cref="NanoApiFactAttribute"/>).</summary>
public sealed class NanoApiTheoryAttribute : TheoryAttribute
{
    /// <summary>Decides whether to skip.</summary>
    public NanoApiTheoryAttribute()
    {
        bool onCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (NanoApiLists.FindFolder() is null && !onCi)
        {
            Skip = "the nano-api lists are not at ../shared/nano-api nor $NANO_API_DIR (with CI=true this fails instead)";
        }
    }
}
