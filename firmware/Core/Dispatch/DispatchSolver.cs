using EdgeController.Core.FixedPoint;

namespace EdgeController.Core.Dispatch
{
    /// <summary>
    /// Solves a <see cref="DispatchProblem"/> exactly in integers by lambda iteration. At the
    /// optimum every source not at a limit runs where its marginal cost equals one common marginal
    /// price lambda (the KKT conditions of the convex problem), so
    /// <code>P_i(lambda) = clamp(D_i + (lambda - p_i) S / w_i, min_i, max_i)</code>
    /// and the sum of P_i(lambda) is nondecreasing in lambda. The solver bisects lambda for a
    /// fixed number of steps until the bracket [lo, hi] is one unit wide, then interpolates every
    /// source between P_i(lo) and P_i(hi) with the one fraction that meets the demand (exact
    /// inside one active set, the piecewise-linear answer) and hands the milliwatts that
    /// truncation left over to sources with room, one each, so that the balance holds exactly.
    /// Allocation-free after construction.
    /// </summary>
    public sealed class DispatchSolver
    {
        /// <summary>
        /// Internal units of lambda per microcurrency per kWh: lambda is held in nanocurrency per kWh
        /// so that one step of lambda moves a source by 1000 / w mW (at most 1 W), fine enough for
        /// the final interpolation to be exact almost everywhere.
        /// </summary>
        public const int LambdaUnitsPerMicrocurrency = 1000;

        /// <summary>
        /// Bound of the lambda search, nanocurrency per kWh: 2^43 (8.8e12). The largest marginal
        /// price a valid problem can need is |p| + w |P - D| / S, at most 1e9 + 1e6 * 2^32 / 1e6
        /// microcurrency per kWh (5.3e12 in nanocurrency), inside this bound.
        /// </summary>
        public const long MarginalPriceLimitNanocurrencyPerKilowattHour = 1L << 43;

        /// <summary>
        /// Bisection steps: the bracket starts 2^44 wide and halves each step, so 44 steps bring it
        /// to one unit. The loop never runs longer, whatever the problem.
        /// </summary>
        public const int MaxIterations = 44;

        private readonly int[] _lowMilliwatts = new int[DispatchProblem.MaxSources];
        private readonly int[] _highMilliwatts = new int[DispatchProblem.MaxSources];

        /// <summary>Solves the problem into the solution's arrays. Never throws, never allocates.</summary>
        public void Solve(DispatchProblem problem, DispatchSolution solution)
        {
            int count = problem.SourceCount;
            long demandMilliwatts = problem.DemandMilliwatts;
            int[] power = solution.PowerMilliwatts;
            solution.Iterations = 0;

            long lowLambda = -MarginalPriceLimitNanocurrencyPerKilowattHour;
            long highLambda = MarginalPriceLimitNanocurrencyPerKilowattHour;
            long lowSumMilliwatts = Evaluate(problem, lowLambda, _lowMilliwatts);
            long highSumMilliwatts = Evaluate(problem, highLambda, _highMilliwatts);

            if (lowSumMilliwatts > demandMilliwatts)
            {
                Finish(problem, solution, _lowMilliwatts, lowLambda, DispatchStatus.DemandBelowMinimum);
                return;
            }

            if (highSumMilliwatts < demandMilliwatts)
            {
                Finish(problem, solution, _highMilliwatts, highLambda, DispatchStatus.DemandAboveCapacity);
                return;
            }

            // Invariant: sum(lo) <= demand <= sum(hi).
            while (highLambda - lowLambda > 1 && solution.Iterations < MaxIterations)
            {
                solution.Iterations++;
                long middleLambda = lowLambda + ((highLambda - lowLambda) / 2);
                long middleSumMilliwatts = Evaluate(problem, middleLambda, power);
                if (middleSumMilliwatts == demandMilliwatts)
                {
                    Finish(problem, solution, power, middleLambda, DispatchStatus.Solved);
                    return;
                }

                if (middleSumMilliwatts < demandMilliwatts)
                {
                    lowLambda = middleLambda;
                    lowSumMilliwatts = middleSumMilliwatts;
                    System.Array.Copy(power, _lowMilliwatts, count);
                }
                else
                {
                    highLambda = middleLambda;
                    highSumMilliwatts = middleSumMilliwatts;
                    System.Array.Copy(power, _highMilliwatts, count);
                }
            }

            Interpolate(count, demandMilliwatts, lowSumMilliwatts, highSumMilliwatts, power);
            Finish(problem, solution, power, lowLambda, DispatchStatus.Solved);
        }

        /// <summary>
        /// Power of one source at a marginal price, mW: its preference moved by (lambda - p) S / w,
        /// rounded to nearest (ties away from zero, a monotone rounding, so the sum stays
        /// nondecreasing in lambda) and clamped to its limits.
        /// </summary>
        public static int SourcePowerAt(DispatchProblem problem, int index, long lambdaNanocurrencyPerKilowattHour)
        {
            long priceNanocurrency = (long)problem.PriceMicrocurrencyPerKilowattHour[index] * LambdaUnitsPerMicrocurrency;
            // (lambda - p) [nano/kWh] * S [mW] / (w [micro/kWh/kW] * 1000 [nano/micro]) = (lambda - p) * 1000 / w mW,
            // since S / 1000 = 1000. Both factors are bounded (|lambda - p| < 2^44), so no overflow.
            long deviationMilliwatts = Saturating.DivideRounded(
                (lambdaNanocurrencyPerKilowattHour - priceNanocurrency) * (DispatchProblem.WeightScaleMilliwatts / LambdaUnitsPerMicrocurrency),
                problem.WeightMicrocurrencyPerKilowattHourPerKilowatt[index]);
            long powerMilliwatts = problem.PreferredMilliwatts[index] + deviationMilliwatts;
            if (powerMilliwatts < problem.MinimumMilliwatts[index])
            {
                return problem.MinimumMilliwatts[index];
            }

            if (powerMilliwatts > problem.MaximumMilliwatts[index])
            {
                return problem.MaximumMilliwatts[index];
            }

            return (int)powerMilliwatts;
        }

        private static long Evaluate(DispatchProblem problem, long lambda, int[] powerMilliwatts)
        {
            long sumMilliwatts = 0;
            for (int i = 0; i < problem.SourceCount; i++)
            {
                int sourceMilliwatts = SourcePowerAt(problem, i, lambda);
                powerMilliwatts[i] = sourceMilliwatts;
                sumMilliwatts += sourceMilliwatts;
            }

            return sumMilliwatts;
        }

        /// <summary>
        /// P_i = P_i(lo) + (P_i(hi) - P_i(lo)) * t with t = (demand - sum lo) / (sum hi - sum lo),
        /// each truncated toward zero (toward P_i(lo)); the truncation leaves fewer milliwatts than
        /// there are sources with a fractional part, and each of those gets one more milliwatt
        /// (it stays at or below P_i(hi)). Exact balance, every source inside its limits.
        /// </summary>
        private void Interpolate(int count, long demandMilliwatts, long lowSumMilliwatts, long highSumMilliwatts, int[] power)
        {
            long spanMilliwatts = highSumMilliwatts - lowSumMilliwatts;
            long neededMilliwatts = demandMilliwatts - lowSumMilliwatts;
            long assignedMilliwatts = 0;
            for (int i = 0; i < count; i++)
            {
                long stepMilliwatts = (long)_highMilliwatts[i] - _lowMilliwatts[i];
                long shareMilliwatts = spanMilliwatts > 0 ? Saturating.Multiply(stepMilliwatts, neededMilliwatts) / spanMilliwatts : 0;
                power[i] = (int)(_lowMilliwatts[i] + shareMilliwatts);
                assignedMilliwatts += power[i];
            }

            long leftoverMilliwatts = demandMilliwatts - assignedMilliwatts;
            for (int i = 0; i < count && leftoverMilliwatts > 0; i++)
            {
                if (power[i] < _highMilliwatts[i])
                {
                    power[i]++;
                    leftoverMilliwatts--;
                }
            }
        }

        /// <summary>
        /// Copies the powers, repairs any residual that is still left on sources with room to
        /// their limits (a defence: interpolation already balances a feasible problem), and
        /// records the residual and status.
        /// </summary>
        private static void Finish(DispatchProblem problem, DispatchSolution solution, int[] source, long lambda, DispatchStatus status)
        {
            int[] power = solution.PowerMilliwatts;
            long sumMilliwatts = 0;
            for (int i = 0; i < problem.SourceCount; i++)
            {
                power[i] = source[i];
                sumMilliwatts += power[i];
            }

            long residualMilliwatts = problem.DemandMilliwatts - sumMilliwatts;
            for (int i = 0; i < problem.SourceCount && residualMilliwatts != 0; i++)
            {
                long roomMilliwatts = residualMilliwatts > 0
                    ? (long)problem.MaximumMilliwatts[i] - power[i]
                    : (long)problem.MinimumMilliwatts[i] - power[i];
                long moveMilliwatts = residualMilliwatts > 0
                    ? (roomMilliwatts < residualMilliwatts ? roomMilliwatts : residualMilliwatts)
                    : (roomMilliwatts > residualMilliwatts ? roomMilliwatts : residualMilliwatts);
                power[i] = (int)(power[i] + moveMilliwatts);
                residualMilliwatts -= moveMilliwatts;
            }

            solution.ResidualMilliwatts = residualMilliwatts;
            solution.MarginalPriceNanocurrencyPerKilowattHour = lambda;
            solution.Status = status;
        }
    }
}
