namespace EdgeController.Core.Dispatch
{
    /// <summary>
    /// Maps a solar + battery + grid site onto a <see cref="DispatchProblem"/> and its answer back
    /// onto setpoints. Four sources:
    /// PV in [0, available], preferring all of it (curtailment costs its weight), priced a hair
    /// below zero so that the grid's tie-breaker alone never curtails it (see <see cref="PvPriceMicrocurrencyPerKilowattHour"/>);
    /// the battery in [-charge limit, discharge limit], preferring the plan's power, priced at the value of stored energy;
    /// grid import in [0, import limit] at the import price;
    /// grid export in [-export limit, 0] at the export price (a separate source so that import and
    /// export can have different prices and the problem stays convex while export pays less).
    /// Allocation-free after construction.
    /// </summary>
    public sealed class SiteDispatcher
    {
        private const int PvIndex = 0;
        private const int BatteryIndex = 1;
        private const int ImportIndex = 2;
        private const int ExportIndex = 3;

        private readonly DispatchProblem _problem = new DispatchProblem();
        private readonly DispatchSolution _solution = new DispatchSolution();
        private readonly DispatchSolver _solver = new DispatchSolver();

        /// <summary>Creates a dispatcher with the given economics.</summary>
        public SiteDispatcher(SiteDispatchWeights weights)
        {
            Weights = weights;
        }

        /// <summary>The economics in use; its fields may be changed between ticks (out-of-range weights are clamped).</summary>
        public SiteDispatchWeights Weights { get; private set; }

        /// <summary>The last solve's raw solution (marginal price, iterations), for telemetry and tests.</summary>
        public DispatchSolution LastSolution
        {
            get { return _solution; }
        }

        /// <summary>Decides one tick into the setpoints. Never throws, never allocates.</summary>
        public void Dispatch(SiteDispatchInput input, SiteSetpoints setpoints)
        {
            int pvAvailable = NonNegative(input.PvAvailableMilliwatts);
            int gridWeight = ClampWeight(Weights.GridWeight);
            int exportLimitMilliwatts = NonNegative(input.GridExportLimitMilliwatts);
            _problem.Clear();
            _problem.DemandMilliwatts = NonNegative(input.LoadMilliwatts);
            _problem.AddSource(0, pvAvailable, pvAvailable, ClampWeight(Weights.PvWeight), PvPriceMicrocurrencyPerKilowattHour(gridWeight, exportLimitMilliwatts));
            _problem.AddSource(
                -NonNegative(input.BatteryChargeLimitMilliwatts), NonNegative(input.BatteryDischargeLimitMilliwatts),
                input.BatteryPreferredDischargeMilliwatts, ClampWeight(Weights.BatteryWeight), ClampPrice(input.BatteryEnergyValueMicrocurrencyPerKilowattHour));
            _problem.AddSource(0, NonNegative(input.GridImportLimitMilliwatts), 0, gridWeight, ClampPrice(input.ImportPriceMicrocurrencyPerKilowattHour));
            _problem.AddSource(-exportLimitMilliwatts, 0, 0, gridWeight, ClampPrice(input.ExportPriceMicrocurrencyPerKilowattHour));
            _solver.Solve(_problem, _solution);

            int[] power = _solution.PowerMilliwatts;
            setpoints.PvMilliwatts = power[PvIndex];
            setpoints.PvCurtailedMilliwatts = pvAvailable - power[PvIndex];
            setpoints.BatteryDischargeMilliwatts = power[BatteryIndex];
            setpoints.GridMilliwatts = power[ImportIndex] + power[ExportIndex];
            setpoints.Status = _solution.Status;
            setpoints.UnservedLoadMilliwatts = _solution.ResidualMilliwatts > 0 ? (int)_solution.ResidualMilliwatts : 0;
            setpoints.UnabsorbedMilliwatts = _solution.ResidualMilliwatts < 0 ? (int)-_solution.ResidualMilliwatts : 0;
        }

        /// <summary>
        /// PV's price: minus the largest marginal cost the grid's tie-breaker weight adds to
        /// export (gridWeight × export limit ÷ 1 kW, rounded up). Without it, a paid but tiny
        /// export price (1 µcurrency/kWh) and 10 kW of export pull the bus's marginal price a few
        /// µcurrency below zero through the tie-breaker alone, and PV would be curtailed by
        /// watts while export still pays. With it, PV yields only to a marginal price below what
        /// the tie-breaker can reach, so curtailment means a negative export price or no room to
        /// export; a real curtailment is a few watts smaller for it (at most this price divided by
        /// PV's weight, 20 W with the defaults at a 20 kW export limit).
        /// </summary>
        private static int PvPriceMicrocurrencyPerKilowattHour(int gridWeight, int exportLimitMilliwatts)
        {
            long scale = DispatchProblem.WeightScaleMilliwatts;
            long tieBreakerMicrocurrencyPerKilowattHour = (((long)gridWeight * exportLimitMilliwatts) + scale - 1) / scale;
            long limit = DispatchProblem.MaximumPriceMagnitudeMicrocurrencyPerKilowattHour;
            return (int)-(tieBreakerMicrocurrencyPerKilowattHour > limit ? limit : tieBreakerMicrocurrencyPerKilowattHour);
        }

        /// <summary>A price from outside (config, gateway schedule) held inside the range the solver accepts.</summary>
        private static int ClampPrice(int priceMicrocurrencyPerKilowattHour)
        {
            int limit = DispatchProblem.MaximumPriceMagnitudeMicrocurrencyPerKilowattHour;
            if (priceMicrocurrencyPerKilowattHour > limit)
            {
                return limit;
            }

            return priceMicrocurrencyPerKilowattHour < -limit ? -limit : priceMicrocurrencyPerKilowattHour;
        }

        /// <summary>A weight held inside the range the solver accepts, so a bad config cannot stop the loop.</summary>
        private static int ClampWeight(int weight)
        {
            if (weight < DispatchProblem.MinimumWeight)
            {
                return DispatchProblem.MinimumWeight;
            }

            return weight > DispatchProblem.MaximumWeight ? DispatchProblem.MaximumWeight : weight;
        }

        private static int NonNegative(int milliwatts)
        {
            return milliwatts < 0 ? 0 : milliwatts;
        }
    }
}
