namespace EdgeController.NanoCompile.Tests;

/// <summary>Finds the repository from the test's output folder (the folder that holds EdgeController.sln).</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Combine(string relative) => Path.Combine(Root, relative);

    public static string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

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
