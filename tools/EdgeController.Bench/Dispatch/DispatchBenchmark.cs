using System.Diagnostics;
using EdgeController.Core.Dispatch;

namespace EdgeController.Bench.Dispatch;

/// <summary>What <see cref="DispatchBenchmark.Run"/> measured.</summary>
/// <param name="Problems">Problems solved.</param>
/// <param name="MaxBalanceErrorMilliwatts">Largest |demand - sum of powers| of the integer solver, mW.</param>
/// <param name="WorstRelativeCostGap">Largest (cost_fixed - cost_ref) / max(|cost_ref|, 1).</param>
/// <param name="MeanRelativeCostGap">Mean of the same.</param>
/// <param name="LimitViolations">Sources found outside their limits (must be 0).</param>
/// <param name="MaxIterations">Most bisection steps one solve took.</param>
/// <param name="MicrosecondsPerSolve">Mean host time per integer solve (informative only).</param>
public sealed record DispatchBenchmarkResult(
    int Problems,
    long MaxBalanceErrorMilliwatts,
    double WorstRelativeCostGap,
    double MeanRelativeCostGap,
    int LimitViolations,
    int MaxIterations,
    double MicrosecondsPerSolve);

/// <summary>
/// The integer dispatch solver against the double-precision reference on random feasible
/// problems with a fixed seed.
/// </summary>
public static class DispatchBenchmark
{
    /// <summary>The seed of the published figures.</summary>
    public const int DefaultSeed = 20261124;

    /// <summary>Solves <paramref name="count"/> problems both ways and compares them.</summary>
    public static DispatchBenchmarkResult Run(int count, int seed)
    {
        var problems = new RandomDispatchProblems(seed);
        var problem = new DispatchProblem();
        var solution = new DispatchSolution();
        var solver = new DispatchSolver();
        var fixedPower = new double[DispatchProblem.MaxSources];
        long maxBalanceError = 0;
        double worstGap = double.NegativeInfinity;
        double gapSum = 0;
        int violations = 0;
        int maxIterations = 0;
        var stopwatch = new Stopwatch();
        for (int n = 0; n < count; n++)
        {
            problems.Next(problem);
            stopwatch.Start();
            solver.Solve(problem, solution);
            stopwatch.Stop();

            long sum = 0;
            for (int i = 0; i < problem.SourceCount; i++)
            {
                int power = solution.PowerMilliwatts[i];
                sum += power;
                fixedPower[i] = power;
                if (power < problem.MinimumMilliwatts[i] || power > problem.MaximumMilliwatts[i])
                {
                    violations++;
                }
            }

            maxBalanceError = Math.Max(maxBalanceError, Math.Abs(problem.DemandMilliwatts - sum));
            maxIterations = Math.Max(maxIterations, solution.Iterations);
            double[] reference = ReferenceDispatchSolver.Solve(problem);
            double referenceCost = ReferenceDispatchSolver.Cost(problem, reference);
            double fixedCost = ReferenceDispatchSolver.Cost(problem, fixedPower.AsSpan(0, problem.SourceCount));
            double gap = (fixedCost - referenceCost) / Math.Max(Math.Abs(referenceCost), 1.0);
            worstGap = Math.Max(worstGap, gap);
            gapSum += gap;
        }

        return new DispatchBenchmarkResult(
            count, maxBalanceError, worstGap, gapSum / count, violations, maxIterations,
            stopwatch.Elapsed.TotalMicroseconds / count);
    }
}
