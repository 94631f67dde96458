using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace EdgeController.NanoCompile.Tests;

/// <summary>
/// Roslyn set up as an .nfproj build is: C# 7.3 (an .nfproj sets no LangVersion and the
/// nanoFramework project system falls back to it), nullable off, the .nfproj's defines, and as
/// the only references nanoFramework's mscorlib.dll and the images of the referenced projects.
/// </summary>
public static class NanoCompiler
{
    /// <summary>The mscorlib.dll restore put in the package folder (see the .csproj).</summary>
    public static string MscorlibPath { get; } = typeof(NanoCompiler).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "NanoMscorlib").Value!;

    public static MetadataReference Mscorlib { get; } = MetadataReference.CreateFromFile(MscorlibPath);

    /// <summary>Compiles the files and emits the assembly; the image is null when an error was found.</summary>
    public static NanoCompileResult Compile(string assemblyName, IEnumerable<(string Path, string Text)> sources, string[] defines,
        IEnumerable<MetadataReference> projectImages)
    {
        CSharpParseOptions parse = new(LanguageVersion.CSharp7_3, DocumentationMode.Parse, SourceCodeKind.Regular, defines);
        SyntaxTree[] trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, parse, s.Path)).ToArray();
        CSharpCompilationOptions options = new(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable,
            optimizationLevel: OptimizationLevel.Release, deterministic: true);
        CSharpCompilation compilation = CSharpCompilation.Create(assemblyName, trees, projectImages.Prepend(Mscorlib), options);

        // Emit, not only GetDiagnostics: lowering needs members of mscorlib (string concatenation,
        // foreach, lock, params) and reports CS0656 when nanoFramework's lacks one.
        using MemoryStream image = new();
        Microsoft.CodeAnalysis.Emit.EmitResult emitted = compilation.Emit(image);
        Diagnostic[] errors = emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)
            .OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal)
            .ThenBy(d => d.Location.GetLineSpan().StartLinePosition.Line)
            .ToArray();
        return new NanoCompileResult(errors.Select(Describe).ToArray(),
            emitted.Success ? MetadataReference.CreateFromImage(image.ToArray()) : null, compilation.References.ToArray());
    }

    /// <summary>Compiles an .nfproj after the projects it references, as the device build does.</summary>
    public static NanoCompileResult CompileProject(string nfproj)
    {
        NanoProject project = NanoProject.Load(nfproj);
        List<MetadataReference> images = new();
        foreach (string reference in project.ProjectReferences)
        {
            NanoCompileResult dependency = CompileProject(reference);
            if (dependency.Image == null)
            {
                return dependency;
            }

            images.Add(dependency.Image);
        }

        return Compile(project.AssemblyName, project.SourceFiles.Select(f => (f, File.ReadAllText(f))), project.Defines, images);
    }

    /// <summary>"path(line,column): error CSnnnn: message", the path relative to the repository.</summary>
    private static string Describe(Diagnostic diagnostic)
    {
        FileLinePositionSpan span = diagnostic.Location.GetLineSpan();
        string path = span.Path.Length == 0 ? "(no file)" : RepositoryPaths.Relative(span.Path);
        return path + "(" + (span.StartLinePosition.Line + 1) + "," + (span.StartLinePosition.Character + 1) + "): error "
            + diagnostic.Id + ": " + diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
    }
}
