namespace EdgeController.Core.Dispatch
{
    /// <summary>
    /// The result of one dispatch, preallocated once and overwritten by every solve so that a
    /// steady-state tick allocates nothing.
    /// </summary>
    public sealed class DispatchSolution
    {
        /// <summary>Power of each source, mW, positive = supplied to the bus; same index as the problem.</summary>
        public readonly int[] PowerMilliwatts = new int[DispatchProblem.MaxSources];

        /// <summary>Whether the demand was met; see <see cref="DispatchStatus"/>.</summary>
        public DispatchStatus Status;

        /// <summary>Demand minus the sum of the powers, mW: 0 when solved.</summary>
        public long ResidualMilliwatts;

        /// <summary>
        /// The marginal price of power at the solution (the Lagrange multiplier of the balance),
        /// nanocurrency per kWh: the lower end of the final bisection bracket.
        /// </summary>
        public long MarginalPriceNanocurrencyPerKilowattHour;

        /// <summary>Bisection steps this solve took (at most <see cref="DispatchSolver.MaxIterations"/>).</summary>
        public int Iterations;
    }
}
