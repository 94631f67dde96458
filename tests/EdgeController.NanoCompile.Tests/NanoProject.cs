using System.Xml.Linq;

namespace EdgeController.NanoCompile.Tests;

/// <summary>What an .nfproj tells its compiler: the Compile items, the defines and the projects it references.</summary>
public sealed class NanoProject
{
    /// <summary>
    /// The symbol the nanoFramework project system defines for every .nfproj (the IoT.Device
    /// bindings and the class libraries branch on it with #if NANOFRAMEWORK_1_0).
    /// </summary>
    public const string ProjectSystemDefine = "NANOFRAMEWORK_1_0";

    private static readonly XNamespace s_msbuild = "http://schemas.microsoft.com/developer/msbuild/2003";

    private NanoProject(string path, string assemblyName, string[] sourceFiles, string[] defines, string[] projectReferences)
    {
        Path = path;
        AssemblyName = assemblyName;
        SourceFiles = sourceFiles;
        Defines = defines;
        ProjectReferences = projectReferences;
    }

    public string Path { get; }

    public string AssemblyName { get; }

    /// <summary>Full paths of the Compile items, in the order the file lists them.</summary>
    public string[] SourceFiles { get; }

    /// <summary>The project system's define plus every DefineConstants entry of the file.</summary>
    public string[] Defines { get; }

    /// <summary>Full paths of the referenced .nfproj files.</summary>
    public string[] ProjectReferences { get; }

    public static NanoProject Load(string nfproj)
    {
        XDocument document = XDocument.Load(nfproj);
        string folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(nfproj))!;
        string assemblyName = document.Descendants(s_msbuild + "AssemblyName").Select(e => e.Value).FirstOrDefault()
            ?? System.IO.Path.GetFileNameWithoutExtension(nfproj);
        string[] defines = document.Descendants(s_msbuild + "DefineConstants")
            .SelectMany(e => e.Value.Split(';', ',', ' '))
            .Select(d => d.Trim())
            .Where(d => d.Length > 0 && d != "$(DefineConstants)")
            .Prepend(ProjectSystemDefine)
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        return new NanoProject(System.IO.Path.GetFullPath(nfproj), assemblyName, Items(document, "Compile", folder), defines,
            Items(document, "ProjectReference", folder));
    }

    private static string[] Items(XDocument document, string itemName, string folder) =>
        document.Descendants(s_msbuild + itemName)
            .Select(e => (string?)e.Attribute("Include"))
            .Where(i => i != null)
            .Select(i => System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, i!.Replace('\\', System.IO.Path.DirectorySeparatorChar))))
            .ToArray();
}
