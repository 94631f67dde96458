namespace EdgeController.DeviceProjects.Tests;

public class PackagesConfigTests
{
    /// <summary>The one CoreLibrary of the set (docs/design.md, nanoFramework package line).</summary>
    private const string CoreLibraryVersion = "1.17.11";

    [Fact]
    public void EveryNfproj_HasAPackagesConfig()
    {
        string[] without = DeviceProjectFiles.AllNfprojs()
            .Where(p => !File.Exists(Path.Combine(Path.GetDirectoryName(p)!, "packages.config")))
            .Select(DeviceProjectFiles.Relative).ToArray();

        Assert.Empty(without);
    }

    [Fact]
    public void EveryPackage_HasOneVersionAcrossAllDeviceProjects()
    {
        var versionsById = DeviceProjectFiles.AllPackagesConfigs()
            .SelectMany(c => DeviceProjectFiles.Packages(c).Select(p => (Config: DeviceProjectFiles.Relative(c), p.Id, p.Version)))
            .GroupBy(p => p.Id, StringComparer.OrdinalIgnoreCase);
        string[] conflicts = versionsById.Where(g => g.Select(p => p.Version).Distinct().Count() > 1)
            .Select(g => g.Key + ": " + string.Join(", ", g.Select(p => p.Version + " in " + p.Config))).ToArray();

        Assert.True(conflicts.Length == 0, "one package set, one version each:\n" + string.Join("\n", conflicts));
    }

    [Fact]
    public void EveryPackagesConfig_UsesTheSameCoreLibrary_StableVersions_AndNetnano()
    {
        List<string> problems = new();
        foreach (string config in DeviceProjectFiles.AllPackagesConfigs())
        {
            var packages = DeviceProjectFiles.Packages(config);
            string name = DeviceProjectFiles.Relative(config);
            if (!packages.Any(p => p.Id == "nanoFramework.CoreLibrary" && p.Version == CoreLibraryVersion))
            {
                problems.Add(name + ": nanoFramework.CoreLibrary must be " + CoreLibraryVersion);
            }

            problems.AddRange(packages.Where(p => p.Version.Contains('-')).Select(p => name + ": " + p.Id + " " + p.Version + " is a prerelease"));
            problems.AddRange(packages.Where(p => p.TargetFramework != "netnano1.0").Select(p => name + ": " + p.Id + " targets '" + p.TargetFramework + "'"));
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void TheApplicationPackagesConfig_HoldsEveryPackageOfTheLibrariesItReferences()
    {
        HashSet<string> application = DeviceProjectFiles.Packages(RepoPaths.Combine("firmware/Device/packages.config"))
            .Select(p => p.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        string[] missing = new[] { "hal/Esp32/packages.config", "firmware/Core/packages.config", "hal/Abstractions/packages.config" }
            .SelectMany(c => DeviceProjectFiles.Packages(RepoPaths.Combine(c)).Select(p => c + ": " + p.Id))
            .Where(p => !application.Contains(p[(p.IndexOf(": ", StringComparison.Ordinal) + 2)..])).ToArray();

        Assert.True(missing.Length == 0, "the image must carry every assembly: " + string.Join(", ", missing));
    }

    [Theory]
    [InlineData("hal/Esp32/packages.config")]
    [InlineData("firmware/Device/packages.config")]
    [InlineData("tests/Device.Tests/packages.config")]
    public void TheDeviceSets_CarryWhatTheirLibrariesNeed_AndNotSystemRuntime(string config)
    {
        Dictionary<string, string> packages = DeviceProjectFiles.Packages(RepoPaths.Combine(config))
            .ToDictionary(p => p.Id, p => p.Version, StringComparer.OrdinalIgnoreCase);

        // NetworkBringUp.cs calls Sntp (its own package); the Ina219 binding 1.2.943 references Stopwatch.
        Assert.Equal("1.6.42", packages.GetValueOrDefault("nanoFramework.Networking.Sntp"));
        Assert.Equal("1.2.862", packages.GetValueOrDefault("nanoFramework.System.Diagnostics.Stopwatch"));
        Assert.Equal("1.2.943", packages.GetValueOrDefault("nanoFramework.Iot.Device.Ina219"));
        Assert.Equal("5.1.220", packages.GetValueOrDefault("nanoFramework.M2Mqtt"));
        // 1.0.28 is still built on CoreLibrary 1.15.5 and FileSystem 1.1.93 no longer references it.
        Assert.False(packages.ContainsKey("nanoFramework.System.Runtime"));
    }

    [Fact]
    public void NoPackageVersion_IsLeftUnverified()
    {
        string[] files = DeviceProjectFiles.AllPackagesConfigs().Concat(DeviceProjectFiles.AllNfprojs())
            .Append(RepoPaths.Combine("docs/build-and-flash.md")).ToArray();
        string[] marked = files.Where(f => File.ReadAllText(f).Contains("UNVERIFIED", StringComparison.Ordinal))
            .Select(DeviceProjectFiles.Relative).ToArray();

        Assert.Empty(marked);
    }
}
