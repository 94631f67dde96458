namespace EdgeController.Conformance.Tests;

/// <summary>The real check: firmware/Core and hal/Abstractions against the lists.</summary>
public sealed class PortableCodeConformanceTests
{
    [NanoApiFact]
    public void CoreAndAbstractions_UseOnlyTheNanoSubset()
    {
        List<(string Path, string Text)> sources = PortableSources("hal/Abstractions").Concat(PortableSources("firmware/Core")).ToList();
        Assert.True(sources.Count > 20, $"expected the portable sources, found {sources.Count} files");

        IReadOnlyList<NanoViolation> violations = NanoSubsetChecker.Check(sources, NanoApiTestLists.Lists, forbidFloatingPoint: true);

        Assert.True(violations.Count == 0, "outside the nano subset:\n" + string.Join("\n", violations));
    }

    private static IEnumerable<(string Path, string Text)> PortableSources(string relativeFolder)
    {
        string folder = Path.Combine(RepositoryPaths.Root, relativeFolder);
        return Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .OrderBy(path => path, StringComparer.Ordinal)
            .Select(path => (Path.GetRelativePath(RepositoryPaths.Root, path), File.ReadAllText(path)));
    }
}
