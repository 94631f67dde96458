using Spectre.Console;

namespace EdgeController.Simulator;

/// <summary>
/// A progress bar for long runs: it appears only after <see cref="QuietFor"/> of wall time (a
/// short run prints just its summary) and never when standard output is not a terminal, so
/// pipes, files and tests see the same output as before. The timeline only stores its step
/// (<see cref="Report"/>); drawing runs on its own task.
/// </summary>
public sealed class SimulationProgress : IDisposable
{
    /// <summary>Runs shorter than this show no bar.</summary>
    public static readonly TimeSpan QuietFor = TimeSpan.FromSeconds(2);

    private readonly long _totalSteps;
    private readonly TimeSpan _simulated;
    private readonly CancellationTokenSource _done = new();
    private readonly Task _drawing;
    private long _step;

    private SimulationProgress(long totalSteps, TimeSpan simulated, bool draw)
    {
        _totalSteps = Math.Max(1, totalSteps);
        _simulated = simulated;
        _drawing = draw ? Task.Run(DrawAsync) : Task.CompletedTask;
    }

    /// <summary>Starts following a timeline of totalSteps steps covering simulated time.</summary>
    public static SimulationProgress Start(long totalSteps, TimeSpan simulated) =>
        new(totalSteps, simulated, !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive);

    /// <summary>Records how far the timeline is (cheap: one store per call).</summary>
    public void Report(long step) => Volatile.Write(ref _step, step);

    /// <inheritdoc />
    public void Dispose()
    {
        _done.Cancel();
        _drawing.GetAwaiter().GetResult();
        _done.Dispose();
    }

    private async Task DrawAsync()
    {
        try
        {
            await Task.Delay(QuietFor, _done.Token);
        }
        catch (OperationCanceledException)
        {
            return; // finished before a bar was worth it
        }

        await AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                ProgressTask task = context.AddTask(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"simulating {_simulated.TotalHours:0.##} h"), maxValue: _totalSteps);
                while (!_done.IsCancellationRequested)
                {
                    task.Value = Volatile.Read(ref _step);
                    try
                    {
                        await Task.Delay(200, _done.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }

                task.Value = _totalSteps;
            });
    }
}
