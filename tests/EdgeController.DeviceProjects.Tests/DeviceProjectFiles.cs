using System.Xml.Linq;

namespace EdgeController.DeviceProjects.Tests;

/// <summary>The nanoFramework projects of the repository and what their files say.</summary>
internal static class DeviceProjectFiles
{
    private static readonly XNamespace s_msbuild = "http://schemas.microsoft.com/developer/msbuild/2003";

    /// <summary>Every .nfproj of the repository, outside bin/obj and the restored packages folder.</summary>
    public static string[] AllNfprojs() =>
        Directory.GetFiles(RepoPaths.Root, "*.nfproj", SearchOption.AllDirectories)
            .Where(p => !IsGenerated(p))
            .Order(StringComparer.Ordinal)
            .ToArray();

    /// <summary>Every packages.config beside an .nfproj.</summary>
    public static string[] AllPackagesConfigs() =>
        AllNfprojs().Select(p => Path.Combine(Path.GetDirectoryName(p)!, "packages.config")).Where(File.Exists).ToArray();

    /// <summary>The Include of every item of this kind, with '\' turned into the platform's separator.</summary>
    public static string[] Items(string nfproj, string itemName) =>
        XDocument.Load(nfproj).Descendants(s_msbuild + itemName)
            .Select(e => (string?)e.Attribute("Include"))
            .Where(i => i != null)
            .Select(i => i!.Replace('\\', Path.DirectorySeparatorChar))
            .ToArray();

    /// <summary>Every Reference HintPath.</summary>
    public static string[] HintPaths(string nfproj) =>
        XDocument.Load(nfproj).Descendants(s_msbuild + "HintPath").Select(e => e.Value.Replace('\\', '/')).ToArray();

    /// <summary>The Include (assembly identity) and HintPath of every Reference.</summary>
    public static (string Identity, string HintPath)[] References(string nfproj) =>
        XDocument.Load(nfproj).Descendants(s_msbuild + "Reference")
            .Select(e => ((string)e.Attribute("Include")!, (e.Element(s_msbuild + "HintPath")?.Value ?? "").Replace('\\', '/')))
            .ToArray();

    /// <summary>(id, version) of every package of a packages.config.</summary>
    public static (string Id, string Version, string TargetFramework)[] Packages(string packagesConfig) =>
        XDocument.Load(packagesConfig).Descendants("package")
            .Select(e => ((string)e.Attribute("id")!, (string)e.Attribute("version")!, (string?)e.Attribute("targetFramework") ?? ""))
            .ToArray();

    /// <summary>The .cs files of a folder a project compiles (its own, not bin/obj).</summary>
    public static string[] SourceFiles(string folder) =>
        Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories).Where(p => !IsGenerated(p)).ToArray();

    public static string Relative(string path) => Path.GetRelativePath(RepoPaths.Root, path).Replace('\\', '/');

    private static bool IsGenerated(string path)
    {
        string relative = Relative(path);
        return relative.Split('/').Any(part => part is "bin" or "obj" or "packages" or "TestResults");
    }
}
