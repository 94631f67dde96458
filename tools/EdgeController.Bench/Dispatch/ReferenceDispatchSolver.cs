using EdgeController.Core.Dispatch;

namespace EdgeController.Bench.Dispatch;

/// <summary>
/// The exact optimum of a <see cref="DispatchProblem"/> in double precision, host only. The sum of
/// P_i(m) = clamp(D_i + (m - p_i) S / w_i, min_i, max_i) is piecewise linear in the marginal
/// price m with breakpoints where a source reaches a limit; the solver sorts those breakpoints,
/// finds the segment where the sum crosses the demand and solves the linear equation on it
/// (water-filling). No iteration, no tolerance: the reference the integer solver is measured by.
/// </summary>
public static class ReferenceDispatchSolver
{
    /// <summary>Optimal powers in mW (double) for a feasible problem.</summary>
    public static double[] Solve(DispatchProblem problem)
    {
        int count = problem.SourceCount;
        var breakpoints = new double[2 * count];
        for (int i = 0; i < count; i++)
        {
            breakpoints[2 * i] = MarginalPriceAt(problem, i, problem.MinimumMilliwatts[i]);
            breakpoints[(2 * i) + 1] = MarginalPriceAt(problem, i, problem.MaximumMilliwatts[i]);
        }

        Array.Sort(breakpoints);
        double demand = problem.DemandMilliwatts;
        double previousPrice = breakpoints[0];
        double previousSum = SumAt(problem, previousPrice);
        double price = previousPrice;
        if (previousSum < demand)
        {
            price = breakpoints[^1];
            for (int k = 1; k < breakpoints.Length; k++)
            {
                double sum = SumAt(problem, breakpoints[k]);
                if (sum >= demand)
                {
                    price = sum > previousSum
                        ? previousPrice + ((demand - previousSum) * (breakpoints[k] - previousPrice) / (sum - previousSum))
                        : breakpoints[k];
                    break;
                }

                previousPrice = breakpoints[k];
                previousSum = sum;
            }
        }

        var power = new double[count];
        for (int i = 0; i < count; i++)
        {
            power[i] = PowerAt(problem, i, price);
        }

        return power;
    }

    /// <summary>
    /// The objective: sum w_i (P_i - D_i)^2 / (2 S) + p_i P_i, in microcurrency per kWh times mW
    /// (1e-12 currency per hour).
    /// </summary>
    public static double Cost(DispatchProblem problem, ReadOnlySpan<double> powerMilliwatts)
    {
        double cost = 0;
        for (int i = 0; i < problem.SourceCount; i++)
        {
            double deviation = powerMilliwatts[i] - problem.PreferredMilliwatts[i];
            cost += (problem.WeightMicrocurrencyPerKilowattHourPerKilowatt[i] * deviation * deviation / (2.0 * DispatchProblem.WeightScaleMilliwatts))
                + ((double)problem.PriceMicrocurrencyPerKilowattHour[i] * powerMilliwatts[i]);
        }

        return cost;
    }

    private static double MarginalPriceAt(DispatchProblem problem, int i, double powerMilliwatts)
    {
        return problem.PriceMicrocurrencyPerKilowattHour[i]
            + (problem.WeightMicrocurrencyPerKilowattHourPerKilowatt[i] * (powerMilliwatts - problem.PreferredMilliwatts[i]) / DispatchProblem.WeightScaleMilliwatts);
    }

    private static double PowerAt(DispatchProblem problem, int i, double price)
    {
        double power = problem.PreferredMilliwatts[i]
            + ((price - problem.PriceMicrocurrencyPerKilowattHour[i]) * DispatchProblem.WeightScaleMilliwatts / problem.WeightMicrocurrencyPerKilowattHourPerKilowatt[i]);
        return Math.Clamp(power, problem.MinimumMilliwatts[i], problem.MaximumMilliwatts[i]);
    }

    private static double SumAt(DispatchProblem problem, double price)
    {
        double sum = 0;
        for (int i = 0; i < problem.SourceCount; i++)
        {
            sum += PowerAt(problem, i, price);
        }

        return sum;
    }
}
