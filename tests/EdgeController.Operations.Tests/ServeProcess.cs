using System.Diagnostics;

namespace EdgeController.Operations.Tests;

/// <summary>`ec-gateway serve` as a separate process (as beside `run`), on 127.0.0.1 at a port it picks; killed on dispose.</summary>
public sealed class ServeProcess : IDisposable
{
    private readonly Process _process;

    private ServeProcess(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    /// <summary>The page's address, http://127.0.0.1:PORT/.</summary>
    public string Url { get; }

    public static ServeProcess Start(params string[] arguments)
    {
        ProcessStartInfo start = new("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ec-gateway.dll"));
        start.ArgumentList.Add("serve");
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process = Process.Start(start)!;
        Task<string?> line = process.StandardOutput.ReadLineAsync();
        if (!line.Wait(TimeSpan.FromSeconds(30)) || line.Result is null || !line.Result.StartsWith("serving ", StringComparison.Ordinal))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"serve did not start: {line.Result} {process.StandardError.ReadToEnd()}");
        }

        return new ServeProcess(process, line.Result.Split(' ')[1]);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
