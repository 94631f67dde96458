namespace EdgeController.Provision;

/// <summary>
/// Reads a password from a file or from standard input ("-"), so that it never appears on a
/// command line (shell history, the process list). One trailing line end is dropped: files
/// written with echo or an editor end with one, and a passphrase never does.
/// </summary>
public static class SecretInput
{
    /// <summary>The path that means standard input.</summary>
    public const string StandardInput = "-";

    /// <summary>The secret in path (or the first line of stdin for "-"), without its line end.</summary>
    public static string Read(string path, TextReader standardInput)
    {
        string text;
        if (path == StandardInput)
        {
            text = standardInput.ReadLine() ?? throw new ArgumentException("standard input ended before the password");
        }
        else if (!File.Exists(path))
        {
            throw new ArgumentException($"password file '{path}' does not exist");
        }
        else
        {
            text = File.ReadAllText(path);
        }

        if (text.EndsWith("\r\n", StringComparison.Ordinal))
        {
            return text[..^2];
        }

        return text.EndsWith('\n') ? text[..^1] : text;
    }

    /// <summary>Asks on the terminal, echoing nothing; refuses when standard input is not a terminal (use a file or -).</summary>
    public static string Prompt(string question)
    {
        if (Console.IsInputRedirected)
        {
            throw new ArgumentException("cannot prompt: standard input is not a terminal (use a file, or - for stdin)");
        }

        Console.Error.Write(question);
        System.Text.StringBuilder text = new();
        for (ConsoleKeyInfo key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0)
                {
                    text.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }

        Console.Error.WriteLine();
        return text.ToString();
    }
}
