namespace EdgeController.Conformance.Tests;

/// <summary>Loads the lists once for all tests, or fails with the places that were searched.</summary>
public static class NanoApiTestLists
{
    private static readonly Lazy<NanoApiLists> s_lists = new(() =>
    {
        string? folder = NanoApiLists.FindFolder();
        Assert.True(folder is not null,
            $"the nano-api lists are missing: set NANO_API_DIR or put shared/ beside the repository ({Path.GetFullPath(Path.Combine(RepositoryPaths.Root, "..", "shared", "nano-api"))})");
        return NanoApiLists.Load(folder!);
    });

    /// <summary>The lists.</summary>
    public static NanoApiLists Lists => s_lists.Value;
}
