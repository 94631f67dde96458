using EdgeController.Bench.Dispatch;
using EdgeController.Core.Dispatch;

namespace EdgeController.Control.Tests.Dispatch;

public sealed class DispatchSolverTests
{
    private readonly DispatchProblem _problem = new();
    private readonly DispatchSolution _solution = new();
    private readonly DispatchSolver _solver = new();

    [Fact]
    public void Solve_TwoEqualSourcesWithoutPrices_ShareTheDemandEqually()
    {
        _problem.AddSource(0, 10_000_000, 0, 1000, 0);
        _problem.AddSource(0, 10_000_000, 0, 1000, 0);
        _problem.DemandMilliwatts = 10_000_000;

        _solver.Solve(_problem, _solution);

        Assert.Equal(DispatchStatus.Solved, _solution.Status);
        Assert.Equal(5_000_000, _solution.PowerMilliwatts[0]);
        Assert.Equal(5_000_000, _solution.PowerMilliwatts[1]);
    }

    [Fact]
    public void Solve_WeightsOneToThree_SplitsTheDeviationThreeToOne()
    {
        // Marginal costs equal: w1 x1 = w2 x2 with x1 + x2 = 4 kW, w2 = 3 w1 -> x1 = 3 kW, x2 = 1 kW.
        _problem.AddSource(-50_000_000, 50_000_000, 1_000_000, 1000, 0);
        _problem.AddSource(-50_000_000, 50_000_000, 2_000_000, 3000, 0);
        _problem.DemandMilliwatts = 7_000_000;

        _solver.Solve(_problem, _solution);

        Assert.Equal(4_000_000, _solution.PowerMilliwatts[0]);
        Assert.Equal(3_000_000, _solution.PowerMilliwatts[1]);
    }

    [Fact]
    public void Solve_CheapSourceHitsItsLimit_TheOtherMakesUpTheRest()
    {
        _problem.AddSource(0, 2_000_000, 0, 1, 100_000);
        _problem.AddSource(0, 20_000_000, 0, 1, 300_000);
        _problem.DemandMilliwatts = 5_000_000;

        _solver.Solve(_problem, _solution);

        Assert.Equal(2_000_000, _solution.PowerMilliwatts[0]);
        Assert.Equal(3_000_000, _solution.PowerMilliwatts[1]);
    }

    [Fact]
    public void Solve_DemandAboveEveryMaximum_RunsAllAtMaximumAndReportsTheShortfall()
    {
        _problem.AddSource(0, 1_000_000, 0, 10, 0);
        _problem.AddSource(-500_000, 2_000_000, 0, 10, 0);
        _problem.DemandMilliwatts = 4_000_000;

        _solver.Solve(_problem, _solution);

        Assert.Equal(DispatchStatus.DemandAboveCapacity, _solution.Status);
        Assert.Equal(1_000_000, _solution.PowerMilliwatts[0]);
        Assert.Equal(2_000_000, _solution.PowerMilliwatts[1]);
        Assert.Equal(1_000_000, _solution.ResidualMilliwatts);
    }

    [Fact]
    public void Solve_DemandBelowEveryMinimum_RunsAllAtMinimumAndReportsTheSurplus()
    {
        _problem.AddSource(1_000_000, 2_000_000, 0, 10, 0);
        _problem.AddSource(500_000, 2_000_000, 0, 10, 0);
        _problem.DemandMilliwatts = 1_000_000;

        _solver.Solve(_problem, _solution);

        Assert.Equal(DispatchStatus.DemandBelowMinimum, _solution.Status);
        Assert.Equal(-500_000, _solution.ResidualMilliwatts);
    }

    [Fact]
    public void Solve_ExtremeLimitsWeightsAndPrices_StillBalancesWithoutOverflow()
    {
        _problem.AddSource(int.MinValue, int.MaxValue, int.MaxValue, DispatchProblem.MaximumWeight, DispatchProblem.MaximumPriceMagnitudeMicrocurrencyPerKilowattHour);
        _problem.AddSource(int.MinValue, int.MaxValue, int.MinValue, DispatchProblem.MinimumWeight, -DispatchProblem.MaximumPriceMagnitudeMicrocurrencyPerKilowattHour);
        _problem.AddSource(0, int.MaxValue, 0, DispatchProblem.MinimumWeight, 0);
        _problem.DemandMilliwatts = 123_456_789;

        _solver.Solve(_problem, _solution);

        long sum = (long)_solution.PowerMilliwatts[0] + _solution.PowerMilliwatts[1] + _solution.PowerMilliwatts[2];
        Assert.Equal(DispatchStatus.Solved, _solution.Status);
        Assert.Equal(_problem.DemandMilliwatts, sum);
    }

    [Fact]
    public void Solve_AnyProblem_NeverTakesMoreThanTheBoundedIterations()
    {
        var problems = new RandomDispatchProblems(7);
        for (int n = 0; n < 500; n++)
        {
            problems.Next(_problem);
            _solver.Solve(_problem, _solution);
            Assert.InRange(_solution.Iterations, 0, DispatchSolver.MaxIterations);
        }
    }

    [Fact]
    public void Solve_RandomFeasibleProblems_BalanceWithinOneMilliwattAndCostWithinHalfAPercentOfTheReference()
    {
        DispatchBenchmarkResult result = DispatchBenchmark.Run(2000, DispatchBenchmark.DefaultSeed);

        Assert.InRange(result.MaxBalanceErrorMilliwatts, 0, 1);
        Assert.Equal(0, result.LimitViolations);
        Assert.InRange(result.WorstRelativeCostGap, double.NegativeInfinity, 0.005);
    }

    [Fact]
    public void Solve_RandomFeasibleProblems_NeverBeatsTheExactReference()
    {
        // A sanity check of the reference itself: the integer answer is feasible, so it cannot cost
        // less than the true optimum by more than floating-point noise.
        var problems = new RandomDispatchProblems(11);
        var power = new double[DispatchProblem.MaxSources];
        for (int n = 0; n < 1000; n++)
        {
            problems.Next(_problem);
            _solver.Solve(_problem, _solution);
            for (int i = 0; i < _problem.SourceCount; i++)
            {
                power[i] = _solution.PowerMilliwatts[i];
            }

            double referenceCost = ReferenceDispatchSolver.Cost(_problem, ReferenceDispatchSolver.Solve(_problem));
            double fixedCost = ReferenceDispatchSolver.Cost(_problem, power.AsSpan(0, _problem.SourceCount));
            Assert.True(fixedCost >= referenceCost - (1e-9 * Math.Max(1, Math.Abs(referenceCost))), $"problem {n}: {fixedCost} < {referenceCost}");
        }
    }
}
