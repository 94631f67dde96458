using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.CodeAnalysis;

namespace EdgeController.NanoCompile.Tests;

/// <summary>
/// The portable code compiles for the device: firmware/Core and hal/Abstractions, with the files,
/// defines and project references of their .nfproj, against nanoFramework's own mscorlib.
/// </summary>
public class RealMscorlibCompileTests
{
    [Fact]
    public void TheMscorlib_IsNanoFrameworks_1_17_11_AndDefinesNoGenericList()
    {
        using FileStream file = File.OpenRead(NanoCompiler.MscorlibPath);
        using PEReader pe = new(file);
        MetadataReader metadata = pe.GetMetadataReader();
        AssemblyDefinition assembly = metadata.GetAssemblyDefinition();
        string[] types = metadata.TypeDefinitions.Select(t => metadata.GetTypeDefinition(t))
            .Select(t => metadata.GetString(t.Namespace) + "." + metadata.GetString(t.Name)).ToArray();

        Assert.Equal("mscorlib", metadata.GetString(assembly.Name));
        Assert.Equal(new Version(1, 17, 11, 0), assembly.Version);
        Assert.Empty(metadata.AssemblyReferences); // the root of the device's libraries: it references nothing
        Assert.Contains("System.Object", types);
        Assert.DoesNotContain("System.Collections.Generic.List`1", types);
    }

    [Fact]
    public void HalAbstractions_CompilesAgainstTheRealMscorlib()
    {
        NanoCompileResult result = NanoCompiler.CompileProject(RepositoryPaths.Combine("hal/Abstractions/EdgeController.Hal.Abstractions.nfproj"));

        Assert.True(result.Errors.Length == 0, string.Join("\n", result.Errors));
    }

    [Fact]
    public void FirmwareCore_CompilesAgainstTheRealMscorlib()
    {
        NanoCompileResult result = NanoCompiler.CompileProject(RepositoryPaths.Combine("firmware/Core/EdgeController.Core.nfproj"));

        Assert.True(result.Errors.Length == 0, result.Errors.Length + " errors compiling firmware/Core for nanoFramework:\n"
            + string.Join("\n", result.Errors));
    }

    [Fact]
    public void TheCompile_ReferencesNothingButMscorlib_AndTheProjectImages()
    {
        NanoCompileResult result = NanoCompiler.CompileProject(RepositoryPaths.Combine("firmware/Core/EdgeController.Core.nfproj"));

        string[] files = result.References.OfType<PortableExecutableReference>().Select(r => r.FilePath ?? "(image)").ToArray();
        Assert.Equal(new[] { NanoCompiler.MscorlibPath, "(image)" }, files);
    }

    [Fact]
    public void AGenericList_AndLinq_FailTheCompile_NamingFileLineAndError()
    {
        // What the real mscorlib makes of code the conformance test would also refuse: the
        // harness must report it with file and line, or a green run would prove nothing.
        string source = "using System;\nusing System.Linq;\nnamespace Probe\n{\n    public static class P\n    {\n"
            + "        public static int Count() { var l = new System.Collections.Generic.List<int>(); return l.Count; }\n    }\n}\n";
        string path = RepositoryPaths.Combine("firmware/Core/Probe.cs");

        NanoCompileResult result = NanoCompiler.Compile("Probe", new[] { (path, source) }, new[] { NanoProject.ProjectSystemDefine },
            Array.Empty<MetadataReference>());

        Assert.Null(result.Image);
        Assert.Contains(result.Errors, e => e.StartsWith("firmware/Core/Probe.cs(2,14): error CS0234:", StringComparison.Ordinal)
            && e.Contains("Linq", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("firmware/Core/Probe.cs(7,", StringComparison.Ordinal)
            && e.Contains("Generic", StringComparison.Ordinal));
    }

    [Fact]
    public void CSharp8Syntax_FailsTheCompile_AsAnNfprojBuildWould()
    {
        string source = "namespace Probe\n{\n    public static class P\n    {\n        public static string Name(object o) => o switch { null => \"none\", _ => \"some\" };\n    }\n}\n";

        NanoCompileResult result = NanoCompiler.Compile("Probe", new[] { (RepositoryPaths.Combine("hal/Abstractions/Probe.cs"), source) },
            new[] { NanoProject.ProjectSystemDefine }, Array.Empty<MetadataReference>());

        Assert.Contains(result.Errors, e => e.StartsWith("hal/Abstractions/Probe.cs(5,", StringComparison.Ordinal) && e.Contains("CS8370", StringComparison.Ordinal));
    }

    [Fact]
    public void TheNfprojDefines_ReachThePreprocessor()
    {
        string source = "namespace Probe\n{\n#if NANOFRAMEWORK_1_0\n    public static class P { public static int X() { return 1; } }\n#else\n    public static class P { public static int X() { return new System.Collections.Generic.List<int>().Count; } }\n#endif\n}\n";

        NanoCompileResult result = NanoCompiler.Compile("Probe", new[] { (RepositoryPaths.Combine("firmware/Core/Probe.cs"), source) },
            NanoProject.Load(RepositoryPaths.Combine("firmware/Core/EdgeController.Core.nfproj")).Defines, Array.Empty<MetadataReference>());

        Assert.Empty(result.Errors);
    }

    [Theory]
    [InlineData("hal/Esp32/EdgeController.Hal.Esp32.nfproj")]
    [InlineData("firmware/Device/EdgeController.Device.nfproj")]
    public void TheDeviceOnlyProjects_UseNoSyntaxNewerThanCSharp73(string nfproj)
    {
        // Their nanoFramework libraries are not served here, so they cannot be bound; the parser
        // alone still refuses syntax an .nfproj build at 7.3 would refuse.
        NanoProject project = NanoProject.Load(RepositoryPaths.Combine(nfproj));
        Microsoft.CodeAnalysis.CSharp.CSharpParseOptions parse = new(Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp7_3,
            preprocessorSymbols: project.Defines);

        string[] errors = project.SourceFiles
            .SelectMany(f => Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(File.ReadAllText(f), parse, f).GetDiagnostics())
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => RepositoryPaths.Relative(d.Location.SourceTree!.FilePath) + "(" + (d.Location.GetLineSpan().StartLinePosition.Line + 1)
                + "): error " + d.Id + ": " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture))
            .ToArray();

        Assert.True(errors.Length == 0, string.Join("\n", errors));
    }
}
