using System.Diagnostics;

namespace EdgeController.Gateway.Tests;

/// <summary>Runs a program to completion with a time limit, capturing its output.</summary>
public static class ExternalProcess
{
    public sealed record Result(int ExitCode, string Output, string Error);

    /// <summary>The full path of a program on PATH, or null.</summary>
    public static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(folder => Path.Combine(folder, program))
            .FirstOrDefault(File.Exists);

    /// <summary>True when CI=true: tools the project's CI installs must then be present.</summary>
    public static bool OnCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static Result Run(string fileName, IEnumerable<string> arguments, TimeSpan timeout, string? standardInput = null)
    {
        ProcessStartInfo start = new(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        if (standardInput is not null)
        {
            process.StandardInput.Write(standardInput);
            process.StandardInput.Close();
        }

        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} did not finish within {timeout}");
        }

        return new Result(process.ExitCode, output.Result, error.Result);
    }

    /// <summary>Runs one of the project's own tools (its dll is copied beside the tests).</summary>
    public static Result RunTool(string assemblyName, params string[] arguments) =>
        Run("dotnet", [Path.Combine(AppContext.BaseDirectory, assemblyName + ".dll"), .. arguments], TimeSpan.FromMinutes(2));
}
