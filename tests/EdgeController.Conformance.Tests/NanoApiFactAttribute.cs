namespace EdgeController.Conformance.Tests;

/// <summary>
/// A fact that needs the nano-api lists. Without them it is skipped on a developer's machine,
/// but runs (and fails, saying why) when CI=true: CI must never pass without the proof.
/// </summary>
public sealed class NanoApiFactAttribute : FactAttribute
{
    /// <summary>Decides whether to skip.</summary>
    public NanoApiFactAttribute() => Skip = SkipReason();

    /// <summary>Why a test that needs the lists is skipped here, or null when it must run.</summary>
    internal static string? SkipReason()
    {
        bool onCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        return NanoApiLists.FindFolder() is null && !onCi
            ? "the nano-api lists are not at ../shared/nano-api nor $NANO_API_DIR (with CI=true this fails instead)"
            : null;
    }
}
