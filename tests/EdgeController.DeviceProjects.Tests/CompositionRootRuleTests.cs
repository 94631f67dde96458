using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EdgeController.DeviceProjects.Tests;

/// <summary>
/// The layout's rule (docs/design.md): one composition root in Core builds the device, and the
/// ESP32 app and the simulator supply hal and threads or simulated time, nothing else. Read with
/// Roslyn: which of the types Core declares do the two hosts construct? The device code cannot be
/// compiled or run here, so this is the check of its wiring; the root itself is run by the
/// tests in tests/EdgeController.Telemetry.Tests/Composition.
/// </summary>
public class CompositionRootRuleTests
{
    /// <summary>Core types a host may make: the bundle it hands the root, and what exists before a board config is known valid.</summary>
    private static readonly Dictionary<string, string> s_allowed = new()
    {
        ["DeviceHardware"] = "the bundle of hal a host hands the root",
        ["DeviceSizing"] = "the device's sizes, which a fleet study may override",
        ["BootJournal"] = "opened at power-up, before the board config is read, so safe mode records resets too",
        ["LineEditor"] = "the safe-mode console of an invalid board config (no root is booted then)",
        ["ConsoleReply"] = "the safe-mode console of an invalid board config (no root is booted then)",
    };

    /// <summary>Files of the simulator that are not a device: they play another tool.</summary>
    private static readonly Dictionary<string, string> s_notADevice = new()
    {
        ["tools/EdgeController.Simulator/SimulatedProvisioning.cs"] = "plays ec-provision: writes a device's settings record before it boots",
        ["tools/EdgeController.Simulator/IngestBenchmark.cs"] = "signs synthetic readings to load the gateway; no device runs",
    };

    [Theory]
    [InlineData("firmware/Device")]
    [InlineData("tools/EdgeController.Simulator")]
    public void Host_ConstructsNoneOfCoresPieces(string hostFolder)
    {
        HashSet<string> coreTypes = DeclaredTypes("firmware/Core");
        string[] offenders = SourceFiles(hostFolder)
            .Where(file => !s_notADevice.ContainsKey(Path.GetRelativePath(RepoPaths.Root, file).Replace(Path.DirectorySeparatorChar, '/')))
            .SelectMany(file => CreatedTypes(file).Select(type => (File: Path.GetRelativePath(RepoPaths.Root, file), Type: type)))
            .Where(c => coreTypes.Contains(c.Type) && !s_allowed.ContainsKey(c.Type))
            .Select(c => $"{c.File}: new {c.Type}(")
            .Distinct()
            .ToArray();

        Assert.True(offenders.Length == 0, string.Join("\n", offenders));
    }

    [Fact]
    public void TheRule_SeesTheCoreTypesAHostWouldBuild()
    {
        HashSet<string> coreTypes = DeclaredTypes("firmware/Core");

        // Guards against a check that passes because it finds nothing.
        Assert.Contains("Controller", coreTypes);
        Assert.Contains("TelemetryOutbox", coreTypes);
        Assert.Contains("CommandProcessor", coreTypes);
        Assert.Contains("LinkSupervisor", coreTypes);
        Assert.Contains("ConsoleDevice", coreTypes);
        Assert.Contains("SettingsStore", coreTypes);
        Assert.Contains("DeviceHardware", CreatedTypes(RepoPaths.Combine("firmware/Device/DeviceApp.cs")));
        Assert.Contains("DeviceHardware", CreatedTypes(RepoPaths.Combine("tools/EdgeController.Simulator/SimulatedDevice.cs")));
    }

    private static HashSet<string> DeclaredTypes(string folder) => SourceFiles(folder)
        .SelectMany(file => Parse(file).DescendantNodes().OfType<BaseTypeDeclarationSyntax>().Select(t => t.Identifier.Text))
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>Types constructed in file, with `new T(...)` or a target-typed `new(...)` whose type the declaration names.</summary>
    private static IEnumerable<string> CreatedTypes(string file)
    {
        foreach (SyntaxNode node in Parse(file).DescendantNodes())
        {
            if (node is ObjectCreationExpressionSyntax explicitNew)
            {
                yield return LastName(explicitNew.Type);
            }
            else if (node is ImplicitObjectCreationExpressionSyntax implicitNew && TargetType(implicitNew) is TypeSyntax target)
            {
                yield return LastName(target);
            }
        }
    }

    private static TypeSyntax? TargetType(ImplicitObjectCreationExpressionSyntax creation) => creation.Parent?.Parent switch
    {
        VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax declaration } => declaration.Type,
        PropertyDeclarationSyntax property => property.Type,
        _ => creation.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax variable } } ? variable.Type : null,
    };

    private static string LastName(TypeSyntax type) => type switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier.Text,
        GenericNameSyntax generic => generic.Identifier.Text,
        IdentifierNameSyntax identifier => identifier.Identifier.Text,
        NullableTypeSyntax nullable => LastName(nullable.ElementType),
        _ => type.ToString(),
    };

    private static IEnumerable<string> SourceFiles(string folder) => Directory
        .GetFiles(RepoPaths.Combine(folder), "*.cs", SearchOption.AllDirectories)
        .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    private static SyntaxNode Parse(string file) => CSharpSyntaxTree.ParseText(File.ReadAllText(file)).GetRoot();
}
