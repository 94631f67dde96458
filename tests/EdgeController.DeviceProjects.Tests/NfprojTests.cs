namespace EdgeController.DeviceProjects.Tests;

public class NfprojTests
{
    public static TheoryData<string> Nfprojs()
    {
        TheoryData<string> data = new();
        foreach (string path in DeviceProjectFiles.AllNfprojs())
        {
            data.Add(DeviceProjectFiles.Relative(path));
        }

        return data;
    }

    [Fact]
    public void TheDeviceProjects_AllExist()
    {
        string[] expected =
        [
            "firmware/Core/EdgeController.Core.nfproj", "hal/Abstractions/EdgeController.Hal.Abstractions.nfproj",
            "hal/Esp32/EdgeController.Hal.Esp32.nfproj", "firmware/Device/EdgeController.Device.nfproj",
            "tests/Device.Tests/Device.Tests.nfproj",
        ];

        Assert.All(expected, p => Assert.Contains(p, DeviceProjectFiles.AllNfprojs().Select(DeviceProjectFiles.Relative)));
    }

    [Theory]
    [MemberData(nameof(Nfprojs))]
    public void EveryCompileItem_Exists(string nfproj)
    {
        string path = RepoPaths.Combine(nfproj);
        string folder = Path.GetDirectoryName(path)!;
        string[] missing = DeviceProjectFiles.Items(path, "Compile").Where(i => !File.Exists(Path.Combine(folder, i))).ToArray();

        Assert.True(missing.Length == 0, nfproj + " compiles files that do not exist: " + string.Join(", ", missing));
    }

    [Theory]
    [MemberData(nameof(Nfprojs))]
    public void EverySourceFile_IsCompiledByItsNfproj(string nfproj)
    {
        string path = RepoPaths.Combine(nfproj);
        string folder = Path.GetDirectoryName(path)!;
        HashSet<string> compiled = DeviceProjectFiles.Items(path, "Compile")
            .Select(i => Path.GetFullPath(Path.Combine(folder, i))).ToHashSet(StringComparer.Ordinal);
        string[] left = DeviceProjectFiles.SourceFiles(folder).Where(f => !compiled.Contains(Path.GetFullPath(f)))
            .Select(DeviceProjectFiles.Relative).ToArray();

        Assert.True(left.Length == 0, nfproj + " leaves out (the device build would miss them): " + string.Join(", ", left));
    }

    [Theory]
    [MemberData(nameof(Nfprojs))]
    public void EveryProjectReference_Exists(string nfproj)
    {
        string path = RepoPaths.Combine(nfproj);
        string folder = Path.GetDirectoryName(path)!;
        string[] missing = DeviceProjectFiles.Items(path, "ProjectReference").Where(i => !File.Exists(Path.Combine(folder, i))).ToArray();

        Assert.True(missing.Length == 0, nfproj + " references projects that do not exist: " + string.Join(", ", missing));
    }

    [Theory]
    [MemberData(nameof(Nfprojs))]
    public void EveryHintPath_PointsIntoTheRepositoryPackagesFolder_AtTheVersionOfItsPackagesConfig(string nfproj)
    {
        string path = RepoPaths.Combine(nfproj);
        string folder = Path.GetDirectoryName(path)!;
        Dictionary<string, string> versions = DeviceProjectFiles.Packages(Path.Combine(folder, "packages.config"))
            .ToDictionary(p => p.Id, p => p.Version, StringComparer.OrdinalIgnoreCase);
        string packagesFolder = Path.Combine(RepoPaths.Root, "packages");
        List<string> problems = new();
        foreach (string hintPath in DeviceProjectFiles.HintPaths(path))
        {
            string full = Path.GetFullPath(Path.Combine(folder, hintPath));
            string relative = Path.GetRelativePath(packagesFolder, full).Replace('\\', '/');
            if (relative.StartsWith("..", StringComparison.Ordinal))
            {
                problems.Add(hintPath + " is outside the repository's packages/ folder (where EdgeController.Device.sln restores)");
                continue;
            }

            string packageFolder = relative.Split('/')[0];
            KeyValuePair<string, string>? match = versions.Where(v => packageFolder.Equals(v.Key + "." + v.Value, StringComparison.OrdinalIgnoreCase))
                .Select(v => (KeyValuePair<string, string>?)v).FirstOrDefault();
            if (match == null)
            {
                problems.Add(hintPath + " names a package folder that packages.config does not install (" + packageFolder + ")");
            }
        }

        Assert.True(problems.Count == 0, nfproj + ":\n" + string.Join("\n", problems));
    }

    [Theory]
    [MemberData(nameof(Nfprojs))]
    public void EveryReferenceIdentity_ThatNamesAVersion_IsTheVersionOfItsHintPath(string nfproj)
    {
        // nanoCLR binds by name and major.minor: an identity left at an older generation misleads.
        string[] wrong = DeviceProjectFiles.References(RepoPaths.Combine(nfproj))
            .Where(r => r.Identity.Contains("Version=", StringComparison.Ordinal))
            .Where(r =>
            {
                string version = r.Identity.Split("Version=")[1].Split(',')[0];
                string threeParts = string.Join('.', version.Split('.').Take(3));
                string folder = r.HintPath.Split('/').SkipWhile(p => p != "packages").Skip(1).First();
                return !folder.EndsWith("." + threeParts, StringComparison.Ordinal);
            })
            .Select(r => r.Identity + " -> " + r.HintPath).ToArray();

        Assert.True(wrong.Length == 0, nfproj + ":\n" + string.Join("\n", wrong));
    }
}
