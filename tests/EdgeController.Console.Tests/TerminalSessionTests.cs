using System.Diagnostics;

namespace EdgeController.Console.Tests;

/// <summary>The console through a real terminal program: picocom on the simulator's pseudo-terminal, typed under tmux.</summary>
public sealed class TerminalSessionTests
{
    [RequiresProgramFact("tmux", "picocom", "socat")]
    public void Picocom_UnlockCalibrateSetSaveReboot_TheValueIsStillSet()
    {
        string work = Path.Combine(Path.GetTempPath(), "ec-console-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            ProcessStartInfo start = new("bash")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "scripts", "picocom-session.sh"));
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ec-sim.dll"));
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ec-provision.dll"));
            start.ArgumentList.Add(work);
            using Process process = Process.Start(start)!;
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            Task<string> error = process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), "the terminal session did not finish");
            string transcript = output.Result;
            Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{transcript}\n{error.Result}");
            Assert.Contains("boot=2", transcript);
            Assert.Contains("ec> config get report_ms\nreport_ms=5000\nOK", transcript);
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // A simulator still closing; the OS temp cleaner will take it.
            }
        }
    }
}
