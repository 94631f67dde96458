using EdgeController.Core.Storage;
using EdgeController.Hal.Simulation.Storage;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EdgeController.DeviceProjects.Tests;

/// <summary>
/// What the device build cannot show on the host, read from the device sources with Roslyn:
/// the ESP32 classes implement the hal interfaces Core's console needs, the console and the
/// control loop run Core only under a lock, the settings come from Core's record (no JSON
/// settings file is left), and the device's and the host's stores name blobs alike.
/// </summary>
public class DeviceWiringTests
{
    [Theory]
    [InlineData("hal/Esp32/UartConsolePort.cs", "UartConsolePort", "IConsolePort")]
    [InlineData("hal/Esp32/NanoHmacSha256Signer.cs", "NanoHmacSha256Signer", "IKeyedMessageSigner")]
    [InlineData("hal/Esp32/Esp32RebootHook.cs", "Esp32RebootHook", "IRebootHook")]
    [InlineData("hal/Esp32/FlashFileStore.cs", "FlashFileStore", "INonVolatileStore")]
    [InlineData("firmware/Device/DeviceRebootHook.cs", "DeviceRebootHook", "IRebootHook")]
    [InlineData("hal/Esp32/PwmDutyOutput.cs", "PwmDutyOutput", "IDutyCycleOutput")]
    [InlineData("hal/Esp32/NanoI2cRegisters.cs", "NanoI2cRegisters", "II2cRegisters")]
    [InlineData("hal/Esp32/Ina219PowerSensor.cs", "Ina219PowerSensor", "IPowerSensor")]
    [InlineData("hal/Esp32/OutputSwitch.cs", "OutputSwitch", "ISwitchOutput")]
    public void Esp32Class_ImplementsTheHalInterface(string file, string type, string expectedInterface)
    {
        ClassDeclarationSyntax declaration = Parse(file).DescendantNodes().OfType<ClassDeclarationSyntax>().Single(c => c.Identifier.Text == type);

        Assert.Contains(expectedInterface, declaration.BaseList?.Types.Select(t => t.Type.ToString()) ?? []);
    }

    [Theory]
    [InlineData("firmware/Device/ControlLoop.cs", "_controller.Tick")]
    [InlineData("firmware/Device/ConsoleThread.cs", "_session.Poll")]
    [InlineData("firmware/Device/ConsoleThread.cs", "_session.Start")]
    [InlineData("firmware/Device/ControlLoop.cs", "EnterSafeState")]
    public void CoreIsOnlyRun_InsideTheSharedLock(string file, string call)
    {
        InvocationExpressionSyntax[] calls = Parse(file).DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Where(i => i.Expression.ToString() == call).ToArray();

        Assert.NotEmpty(calls);
        Assert.All(calls, c => Assert.Contains(c.Ancestors().OfType<LockStatementSyntax>(), l => l.Expression.ToString() == "_coreLock"));
    }

    [Fact]
    public void DeviceApp_WiresCoresConsoleAndSettingsRecord_AsTheSimulatorDoes()
    {
        string[] created = Parse("firmware/Device/DeviceApp.cs").DescendantNodes().OfType<ObjectCreationExpressionSyntax>()
            .Select(c => c.Type.ToString()).ToArray();

        Assert.Contains("SettingsStore", created);
        Assert.Contains("ConsoleDevice", created);
        Assert.Contains("ConsoleSession", created);
        Assert.Contains("DeviceEvents", created);
        Assert.Contains("NanoHmacSha256Signer", created);
        Assert.Contains("Esp32RebootHook", created);
        Assert.Contains("SafeModeConsole", created);
    }

    [Fact]
    public void ControlLoop_AfterAFailedTick_PutsTheEnergyControlInItsSafeState()
    {
        SyntaxNode root = Parse("firmware/Device/ControlLoop.cs");
        InvocationExpressionSyntax onFailure = root.DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Single(i => i.Expression.ToString() == "EnterSafeState");
        MethodDeclarationSyntax helper = root.DescendantNodes().OfType<MethodDeclarationSyntax>()
            .Single(m => m.Identifier.Text == "EnterSafeState");
        InvocationExpressionSyntax safeState = helper.DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Single(i => i.Expression.ToString() == "energy.EnterSafeState");

        // In the catch of the tick's try, so every failed tick leads there.
        CatchClauseSyntax catchClause = onFailure.Ancestors().OfType<CatchClauseSyntax>().Single();
        TryStatementSyntax tick = (TryStatementSyntax)catchClause.Parent!;
        Assert.Contains(tick.Block.DescendantNodes().OfType<InvocationExpressionSyntax>(), i => i.Expression.ToString() == "_controller.Tick");
        // The controller's energy control, null-checked, and a throwing safe state does not end the loop.
        Assert.Contains("_controller.EnergyControl", helper.Body!.ToString());
        Assert.Contains(helper.DescendantNodes().OfType<IfStatementSyntax>(), s => s.Condition.ToString() == "energy == null");
        Assert.Contains(safeState.Ancestors().OfType<TryStatementSyntax>(), t => t.Catches.Count > 0);
    }

    [Fact]
    public void DeviceApp_AttachesTheEnergyControl_AsTheSimulatorDoes()
    {
        SyntaxNode root = Parse("firmware/Device/DeviceApp.cs");
        string[] calls = root.DescendantNodes().OfType<InvocationExpressionSyntax>().Select(i => i.Expression.ToString()).ToArray();
        string[] created = root.DescendantNodes().OfType<ObjectCreationExpressionSyntax>().Select(c => c.Type.ToString()).ToArray();
        MethodDeclarationSyntax startDevice = root.DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.Text == "StartDevice");
        string[] order = startDevice.DescendantNodes()
            .Where(n => n is ObjectCreationExpressionSyntax { Type: var t } && t.ToString() == "DeviceEvents"
                || n is InvocationExpressionSyntax { Expression: var e } && e.ToString() is "controller.Start" or "StartEnergyControl"
                || n is AssignmentExpressionSyntax { Left: var l } && l.ToString() == "controller.Mode")
            .Select(n => n switch
            {
                ObjectCreationExpressionSyntax => "events",
                InvocationExpressionSyntax i => i.Expression.ToString(),
                _ => "mode",
            }).ToArray();

        Assert.Contains("EnergyControlBuilder.MissingForControl", calls);
        Assert.Contains("EnergyControlBuilder.BuildSiteControl", calls);
        Assert.Contains("controller.AttachEnergyControl", calls);
        Assert.Contains("PwmPowerStage", created);
        Assert.Contains("OutputSwitch", created);
        Assert.Contains("ProtectionEventReporter", created);
        Assert.Equal(1, created.Count(c => c == "AdcController"));
        Assert.Equal(["controller.Start", "events", "StartEnergyControl", "mode"], order);
        Assert.Contains("\"energy control off: \"", root.ToString());
    }

    [Fact]
    public void NoDeviceCodeOrScript_ReadsASettingsJsonFile_OrUsesNanoFrameworkJson()
    {
        string[] folders = ["firmware", "hal/Esp32", "tests/Device.Tests"];
        string[] offenders = folders
            .SelectMany(f => Directory.GetFiles(RepoPaths.Combine(f), "*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".nfproj", StringComparison.Ordinal)
                || f.EndsWith("packages.config", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Where(f => File.ReadAllText(f) is string text && (text.Contains("nanoFramework.Json", StringComparison.Ordinal) || text.Contains("settings.json", StringComparison.Ordinal)))
            .Select(f => Path.GetRelativePath(RepoPaths.Root, f)).ToArray();

        Assert.Empty(offenders);
    }

    [Theory]
    [InlineData("settings.a", true)]
    [InlineData("unlock.b", true)]
    [InlineData("boot.txt", true)]
    [InlineData("obs.12345", true)]
    [InlineData("_x", true)]
    [InlineData("abcdefghijklmnopqrstuvwxyz012345", true)]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456", false)]
    [InlineData(".hidden", false)]
    [InlineData("a/b", false)]
    [InlineData("a\\b", false)]
    [InlineData("I:", false)]
    [InlineData("sp ace", false)]
    [InlineData("", false)]
    public void TheHostStore_AcceptsExactlyTheNamesTheDeviceStoreAccepts(string name, bool valid)
    {
        string folder = Directory.CreateTempSubdirectory("blob-names-").FullName;
        try
        {
            FolderNonVolatileStore host = new(folder);
            bool hostAccepts = true;
            try
            {
                host.Write(name, [1], 1);
            }
            catch (ArgumentException)
            {
                hostAccepts = false;
            }

            Assert.Equal(valid, BlobNames.IsValid(name));
            Assert.Equal(valid, EdgeController.Hal.Esp32.FlashFileNames.IsValid(name)); // hal/Esp32's own copy, compiled here
            Assert.Equal(valid, hostAccepts);
            if (valid)
            {
                Assert.True(File.Exists(Path.Combine(folder, name)), "the host names the file exactly as the blob, as the device does");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void FlashFileStore_ChecksNamesWithTheSharedRule_AndNamesFilesRootPlusName()
    {
        // FlashFileStore needs nanoFramework's file system and cannot run here; FlashFileNames can.
        string source = File.ReadAllText(RepoPaths.Combine("hal/Esp32/FlashFileStore.cs"));

        Assert.Contains("FlashFileNames.IsValid(name)", source);
        Assert.Contains("return _root + name;", source);
    }

    private static SyntaxNode Parse(string relative) =>
        CSharpSyntaxTree.ParseText(File.ReadAllText(RepoPaths.Combine(relative))).GetRoot();
}
