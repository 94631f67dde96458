namespace EdgeController.DeviceProjects.Tests;

/// <summary>Where the repository and the shared nano-api lists are, found from the test's own location.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>The repository root (the folder holding EdgeController.sln).</summary>
    public static string Root => s_root.Value;

    /// <summary>A path under the repository root, from '/'-separated parts.</summary>
    public static string Combine(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>$NANO_API_DIR, else ../shared/nano-api beside the repository; null when neither exists.</summary>
    public static string? NanoApiDirectory()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable("NANO_API_DIR");
        if (!string.IsNullOrEmpty(fromEnvironment) && Directory.Exists(fromEnvironment))
        {
            return fromEnvironment;
        }

        string sibling = Path.GetFullPath(Path.Combine(Root, "..", "shared", "nano-api"));
        return Directory.Exists(sibling) ? sibling : null;
    }

    private static string FindRoot()
    {
        DirectoryInfo? directory = new(AppContext.BaseDirectory);
        while (directory != null && !File.Exists(Path.Combine(directory.FullName, "EdgeController.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("EdgeController.sln not found above " + AppContext.BaseDirectory);
    }
}
