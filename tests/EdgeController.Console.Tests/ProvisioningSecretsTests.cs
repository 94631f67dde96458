using System.CommandLine;
using EdgeController.Provision;
using EdgeController.Tests.Shared;

namespace EdgeController.Console.Tests;

/// <summary>
/// Provisioning keeps secrets to their owner: key-bearing files are 0600 from their creation, the
/// PIN never comes from argv (a file, stdin or a prompt), and a failed create leaves nothing.
/// </summary>
public sealed class ProvisioningSecretsTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Keys => _folder.File("site.keys.json");

    private static int Invoke(params string[] arguments) => new RootCommand { ProvisionCommands.Create() }.Parse(arguments).Invoke();

    [Fact]
    public void Create_WritesTheSettingsRecordsAndTheirFolderForTheOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string folder = _folder.File("site.devices/dev-7");
        Provisioner.Create("north", "dev-7", Keys, folder, "97531");
        string[] files = Directory.GetFiles(folder);
        Assert.Contains(files, file => Path.GetFileName(file).StartsWith("settings.", StringComparison.Ordinal));
        foreach (string file in files)
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Keys));
    }

    [Fact]
    public void RotateKeyFile_IsOwnerOnlyEvenWhenAnOpenFileWasThere()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        Provisioner.Create("north", "dev-7", Keys, _folder.File("dev-7"), "97531");
        string keyFile = _folder.File("key-set.txt");
        File.WriteAllText(keyFile, "old");
        File.SetUnixFileMode(keyFile, (UnixFileMode)0b110_100_100); // 0644
        Provisioner.Rotate("dev-7", Keys, fresh: true, settingsFolder: null, keyFile: keyFile);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        Assert.StartsWith("key set k2 ", File.ReadAllText(keyFile));
    }

    [Fact]
    public void APinOnTheCommandLine_IsRefusedAndNothingIsCreated()
    {
        string folder = _folder.File("site.devices/dev-7");
        Assert.Equal(2, Invoke("create", "--site", "north", "--device", "dev-7", "--keys", Keys, "--out", folder, "--pin", "2468"));
        Assert.False(Directory.Exists(_folder.File("site.devices")));
        Assert.False(File.Exists(Keys));
    }

    [Fact]
    public void ThePin_ComesFromAFile()
    {
        string pinFile = _folder.File("pin.txt");
        File.WriteAllText(pinFile, "86420\n");
        string folder = _folder.File("dev-7");
        Assert.Equal(0, Invoke("create", "--site", "north", "--device", "dev-7", "--keys", Keys, "--out", folder, "--pin-file", pinFile));
        Assert.Equal("86420", new Core.Settings.SettingsStore(new Hal.Simulation.Storage.FolderNonVolatileStore(folder)).Load().Pin);
    }

    [Fact]
    public void APromptWithoutATerminal_IsRefused()
    {
        TextReader before = System.Console.In;
        System.Console.SetIn(new StringReader("1234\n"));
        try
        {
            // Under the test host stdin is not a terminal: the prompt refuses rather than read it blind.
            if (System.Console.IsInputRedirected)
            {
                Assert.Throws<ArgumentException>(() => SecretInput.Prompt("PIN: "));
            }
        }
        finally
        {
            System.Console.SetIn(before);
        }
    }

    [Fact]
    public void AFailedCreate_LeavesNoFoldersAndTheRegistryAsItWas()
    {
        Provisioner.Create("north", "dev-1", Keys, _folder.File("devices/dev-1"), "97531");
        byte[] registryBefore = File.ReadAllBytes(Keys);
        string folder = _folder.File("devices/new/deeper/dev-2");

        // A value the catalogue refuses (a 3-digit PIN) fails after the folders would have been made.
        Assert.Throws<ArgumentException>(() => Provisioner.Create("north", "dev-2", Keys, folder, "123"));
        Assert.False(Directory.Exists(_folder.File("devices/new")));
        Assert.True(Directory.Exists(_folder.File("devices/dev-1")));
        Assert.Equal(registryBefore, File.ReadAllBytes(Keys));

        // A settings folder that cannot be written (a file stands where it should go) fails after the
        // registry was written: the registry goes back to what it was.
        string blocked = _folder.File("devices/blocked");
        File.WriteAllText(blocked, "not a folder");
        Assert.ThrowsAny<IOException>(() => Provisioner.Create("north", "dev-3", Keys, Path.Combine(blocked, "dev-3"), "97531"));
        Assert.Equal(registryBefore, File.ReadAllBytes(Keys));
    }
}
