using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EdgeController.DeviceProjects.Tests;

/// <summary>
/// docs/design.md, Layout and the rule of dependencies: hal/Esp32 -> hal/Abstractions only. The
/// device build cannot run here, so the project file and the names its sources use are read.
/// </summary>
public class HalEsp32DependencyTests
{
    [Fact]
    public void TheNfproj_ReferencesHalAbstractionsOnly()
    {
        string nfproj = RepoPaths.Combine("hal/Esp32/EdgeController.Hal.Esp32.nfproj");

        string[] references = DeviceProjectFiles.Items(nfproj, "ProjectReference")
            .Select(r => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(nfproj)!, r))).Select(DeviceProjectFiles.Relative).ToArray();

        Assert.Equal(new[] { "hal/Abstractions/EdgeController.Hal.Abstractions.nfproj" }, references);
    }

    [Fact]
    public void NoSourceFile_NamesCore()
    {
        string[] offenders = DeviceProjectFiles.SourceFiles(RepoPaths.Combine("hal/Esp32"))
            .SelectMany(file => CoreNames(CSharpSyntaxTree.ParseText(File.ReadAllText(file)).GetRoot())
                .Select(name => DeviceProjectFiles.Relative(file) + ": " + name))
            .ToArray();

        Assert.True(offenders.Length == 0, string.Join("\n", offenders));
    }

    [Fact]
    public void TheCheck_FindsACoreUsing()
    {
        SyntaxNode root = CSharpSyntaxTree.ParseText("using EdgeController.Core.Config;\nclass A { object b = EdgeController.Core.Control.SetpointDuty.FullScale; }").GetRoot();

        Assert.Equal(new[] { "EdgeController.Core.Config", "EdgeController.Core.Control.SetpointDuty.FullScale" }, CoreNames(root));
    }

    /// <summary>Every whole dotted name (in a using, a type or an expression) that starts with Core's namespace.</summary>
    private static string[] CoreNames(SyntaxNode root) =>
        root.DescendantNodes().Where(n => n is QualifiedNameSyntax or MemberAccessExpressionSyntax)
            .Where(n => n.Parent is not QualifiedNameSyntax && n.Parent is not MemberAccessExpressionSyntax)
            .Select(n => n.ToString())
            .Where(name => name.StartsWith("EdgeController.Core", StringComparison.Ordinal))
            .ToArray();
}
