namespace EdgeController.Console.Tests;

/// <summary>The console's reply contract (docs/design.md) as a checker: key=value lines then OK, or exactly one ERR line.</summary>
public static class ConsoleReplyShape
{
    /// <summary>Splits the output of a sequence of commands (echo off) into replies and checks each; returns how many replies it held.</summary>
    public static int CheckAll(string output, out string problem)
    {
        problem = "";
        int replies = 0;
        List<string> pending = [];
        foreach (string rawLine in output.Split("\r\n"))
        {
            string line = rawLine;
            while (line.StartsWith("ec> ", StringComparison.Ordinal))
            {
                line = line[4..];
            }

            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("EdgeController ", StringComparison.Ordinal))
            {
                continue; // the boot banner after a reboot
            }

            if (line == "OK")
            {
                replies++;
                pending.Clear();
                continue;
            }

            if (line.StartsWith("ERR ", StringComparison.Ordinal))
            {
                if (pending.Count > 0)
                {
                    problem = $"ERR after {pending.Count} key=value lines: {pending[0]} ... {line}";
                    return -1;
                }

                string[] parts = line.Split(' ', 3);
                if (parts.Length < 3 || parts[1].Length == 0 || !parts[1].All(c => c is (>= 'a' and <= 'z') or '_'))
                {
                    problem = "malformed ERR line: " + line;
                    return -1;
                }

                replies++;
                continue;
            }

            if (!IsKeyValueLine(line))
            {
                problem = "neither key=value, OK nor ERR: " + line;
                return -1;
            }

            pending.Add(line);
        }

        if (pending.Count > 0)
        {
            problem = "reply without OK: " + string.Join(" | ", pending.Take(3));
            return -1;
        }

        return replies;
    }

    /// <summary>key=value, or (watch) several space-separated key=value pairs.</summary>
    private static bool IsKeyValueLine(string line)
    {
        int equals = line.IndexOf('=', StringComparison.Ordinal);
        return equals > 0 && line[..equals].All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.') && line.All(c => c is >= ' ' and <= '~');
    }
}
