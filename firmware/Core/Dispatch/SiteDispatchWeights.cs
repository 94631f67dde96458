namespace EdgeController.Core.Dispatch
{
    /// <summary>
    /// How strongly each source holds to its preference, microcurrency per kWh per kW of deviation
    /// (see <see cref="DispatchProblem"/>). These are the economics of the site, not physics: the
    /// defaults are the project's starting choices, to be tuned from the board config.
    /// </summary>
    public sealed class SiteDispatchWeights
    {
        /// <summary>
        /// Default PV weight: 0.001 currency per kWh per kW. PV prefers all it has and its marginal
        /// cost there is 0, so it runs at its maximum whenever the bus's marginal price is not
        /// negative; the weight only says how readily it yields when the price is negative (no room
        /// to export, or a grid that charges for export): a small weight curtails promptly.
        /// </summary>
        public const int DefaultPvWeight = 1000;

        /// <summary>
        /// Default battery weight: 0.5 currency per kWh per kW, above any tariff spread, so the
        /// battery follows its plan and leaves it only by a few hundred watts for a price signal.
        /// </summary>
        public const int DefaultBatteryWeight = 500000;

        /// <summary>
        /// Default grid weight: the smallest allowed, a tie-breaker that keeps the problem strictly
        /// convex; the grid's real cost is its price.
        /// </summary>
        public const int DefaultGridWeight = DispatchProblem.MinimumWeight;

        /// <summary>PV deviation weight.</summary>
        public int PvWeight = DefaultPvWeight;

        /// <summary>Battery deviation weight.</summary>
        public int BatteryWeight = DefaultBatteryWeight;

        /// <summary>Grid deviation weight.</summary>
        public int GridWeight = DefaultGridWeight;
    }
}
