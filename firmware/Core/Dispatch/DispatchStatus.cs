namespace EdgeController.Core.Dispatch
{
    /// <summary>Outcome of one <see cref="DispatchSolver.Solve"/>.</summary>
    public enum DispatchStatus
    {
        /// <summary>The powers meet the demand exactly and respect every source's limits.</summary>
        Solved = 0,

        /// <summary>
        /// Even every source at its maximum does not meet the demand: all sources are at their
        /// maximum and <see cref="DispatchSolution.ResidualMilliwatts"/> is the shortfall (load to shed).
        /// </summary>
        DemandAboveCapacity = 1,

        /// <summary>
        /// Even every source at its minimum supplies more than the demand: all sources are at their
        /// minimum and the residual is negative (the surplus that has nowhere to go).
        /// </summary>
        DemandBelowMinimum = 2,
    }
}
