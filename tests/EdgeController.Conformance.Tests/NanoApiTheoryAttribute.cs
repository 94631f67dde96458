namespace EdgeController.Conformance.Tests;

/// <summary>A theory that needs the nano-api lists; skipped without them unless CI=true (see <see cref="NanoApiFactAttribute"/>).</summary>
public sealed class NanoApiTheoryAttribute : TheoryAttribute
{
    /// <summary>Decides whether to skip.</summary>
    public NanoApiTheoryAttribute() => Skip = NanoApiFactAttribute.SkipReason();
}
