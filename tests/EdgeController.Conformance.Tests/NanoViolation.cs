namespace EdgeController.Conformance.Tests;

/// <summary>One use of something the nanoFramework subset does not have.</summary>
public sealed record NanoViolation(string File, int Line, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}({Line}): {Message}";
}
