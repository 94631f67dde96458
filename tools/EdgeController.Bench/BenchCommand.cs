using System.Globalization;
using EdgeController.Bench.Dispatch;

namespace EdgeController.Bench;

/// <summary>
/// The bench's command line: <c>ec-bench dispatch [count] [seed]</c>. Prints key=value lines
/// (the console's convention) so a script can read the figures.
/// </summary>
public static class BenchCommand
{
    private const int DefaultDispatchProblems = 10_000;

    /// <summary>Runs one benchmark; returns the process exit code.</summary>
    public static int Run(string[] args, TextWriter output)
    {
        string command = args.Length > 0 ? args[0] : "help";
        switch (command)
        {
            case "dispatch":
                return RunDispatch(args, output);
            default:
                output.WriteLine("usage: ec-bench dispatch [count] [seed]");
                return command == "help" ? 0 : 2;
        }
    }

    private static int RunDispatch(string[] args, TextWriter output)
    {
        int count = IntArgument(args, 1, DefaultDispatchProblems);
        int seed = IntArgument(args, 2, DispatchBenchmark.DefaultSeed);
        DispatchBenchmarkResult result = DispatchBenchmark.Run(count, seed);
        output.WriteLine(FormattableString.Invariant($"problems={result.Problems}"));
        output.WriteLine(FormattableString.Invariant($"seed={seed}"));
        output.WriteLine(FormattableString.Invariant($"max_balance_error_mw={result.MaxBalanceErrorMilliwatts}"));
        output.WriteLine(FormattableString.Invariant($"limit_violations={result.LimitViolations}"));
        output.WriteLine(FormattableString.Invariant($"worst_relative_cost_gap={result.WorstRelativeCostGap:E3}"));
        output.WriteLine(FormattableString.Invariant($"mean_relative_cost_gap={result.MeanRelativeCostGap:E3}"));
        output.WriteLine(FormattableString.Invariant($"max_iterations={result.MaxIterations}"));
        output.WriteLine(FormattableString.Invariant($"host_us_per_solve={result.MicrosecondsPerSolve:F2}"));
        return 0;
    }

    private static int IntArgument(string[] args, int index, int fallback)
    {
        return args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
    }
}
