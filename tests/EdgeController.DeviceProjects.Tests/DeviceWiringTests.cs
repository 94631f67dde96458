using EdgeController.Core.Storage;
using EdgeController.Hal.Simulation.Storage;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EdgeController.DeviceProjects.Tests;

/// <summary>
/// What the device build cannot show on the host, read from the device sources with Roslyn:
/// the ESP32 classes implement the hal interfaces Core's composition root needs, the settings
/// come from Core's record (no JSON settings file is left), and the device's and the host's
/// stores name blobs alike. How the root wires and drives the device is tested by running it
/// (tests/EdgeController.Telemetry.Tests/Composition).
/// </summary>
public class DeviceWiringTests
{
    [Theory]
    [InlineData("hal/Esp32/UartConsolePort.cs", "UartConsolePort", "IConsolePort")]
    [InlineData("hal/Esp32/NanoHmacSha256Signer.cs", "NanoHmacSha256Signer", "IKeyedMessageSigner")]
    [InlineData("hal/Esp32/Esp32RebootHook.cs", "Esp32RebootHook", "IRebootHook")]
    [InlineData("hal/Esp32/FlashFileStore.cs", "FlashFileStore", "INonVolatileStore")]
    [InlineData("firmware/Device/NanoSignerFactory.cs", "NanoSignerFactory", "IMessageSignerFactory")]
    [InlineData("firmware/Device/M2MqttLinkFactory.cs", "M2MqttLinkFactory", "IMqttLinkFactory")]
    [InlineData("firmware/Device/DeviceRandomSource.cs", "DeviceRandomSource", "IRandomSource")]
    [InlineData("hal/Esp32/M2MqttLink.cs", "M2MqttLink", "IMqttLink")]
    [InlineData("hal/Esp32/M2MqttLink.cs", "M2MqttLink", "IMqttConnection")]
    [InlineData("hal/Esp32/M2MqttLink.cs", "M2MqttLink", "IMqttInbox")]
    [InlineData("hal/Esp32/PwmDutyOutput.cs", "PwmDutyOutput", "IDutyCycleOutput")]
    [InlineData("hal/Esp32/NanoI2cRegisters.cs", "NanoI2cRegisters", "II2cRegisters")]
    [InlineData("hal/Esp32/Ina219PowerSensor.cs", "Ina219PowerSensor", "IPowerSensor")]
    [InlineData("hal/Esp32/OutputSwitch.cs", "OutputSwitch", "ISwitchOutput")]
    public void Esp32Class_ImplementsTheHalInterface(string file, string type, string expectedInterface)
    {
        ClassDeclarationSyntax declaration = Parse(file).DescendantNodes().OfType<ClassDeclarationSyntax>().Single(c => c.Identifier.Text == type);

        Assert.Contains(expectedInterface, declaration.BaseList?.Types.Select(t => t.Type.ToString()) ?? []);
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
