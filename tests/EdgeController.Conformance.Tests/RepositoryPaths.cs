namespace EdgeController.Conformance.Tests;

/// <summary>Finds the repository from the test's output folder (the folder that holds EdgeController.sln).</summary>
public static class RepositoryPaths
{
    /// <summary>The repository root.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "EdgeController.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("EdgeController.sln not found above " + AppContext.BaseDirectory);
    }
}
