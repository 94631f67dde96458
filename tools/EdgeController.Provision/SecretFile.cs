using System.Text;

namespace EdgeController.Provision;

/// <summary>Writes a file that holds a key or a secret with mode 0600 from its creation, never readable by others even for a moment.</summary>
public static class SecretFile
{
    public static void Write(string path, string text)
    {
        if (OperatingSystem.IsWindows())
        {
            File.WriteAllText(path, text);
            return;
        }

        File.Delete(path); // an existing file would keep its mode
        FileStreamOptions options = new()
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        using FileStream stream = new(path, options);
        stream.Write(Encoding.UTF8.GetBytes(text));
    }
}
