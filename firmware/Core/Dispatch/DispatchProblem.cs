namespace EdgeController.Core.Dispatch
{
    /// <summary>
    /// One dispatch problem: the demand of the bus and, for each source, its limits, its preferred
    /// power, how much a deviation from that preference costs and its price. Power is positive
    /// into the bus: PV output, battery discharge and grid import are positive; battery charge and
    /// grid export negative. The problem the solver minimises is
    /// <code>
    ///   sum_i  w_i (P_i - D_i)^2 / (2 S)  +  p_i P_i      subject to  sum_i P_i = demand,
    ///                                                                 min_i &lt;= P_i &lt;= max_i
    /// </code>
    /// with S = <see cref="WeightScaleMilliwatts"/>: the source document's sum c_i (P_i - D_i)^2
    /// with c_i = w_i / (2 S), plus a linear price term. The weight w is chosen so that it reads
    /// as a price: a source 1 kW away from its preference has a marginal cost w
    /// microcurrency per kWh above its price. The arrays are preallocated; fill them with
    /// <see cref="Clear"/> and <see cref="AddSource"/>.
    /// </summary>
    public sealed class DispatchProblem
    {
        /// <summary>Sources one problem can hold: PV, battery, grid import, grid export and room to spare.</summary>
        public const int MaxSources = 8;

        /// <summary>The deviation that the weight is quoted per: 1 kW in mW (see the class summary).</summary>
        public const int WeightScaleMilliwatts = 1000000;

        /// <summary>
        /// Smallest weight: a source with no quadratic term would make its power a step function
        /// of the marginal price, and the problem would lose its unique solution.
        /// </summary>
        public const int MinimumWeight = 1;

        /// <summary>
        /// Largest weight: 1e6 microcurrency per kWh per kW (1 currency per kWh for each kW of
        /// deviation) keeps every marginal price the solver can meet inside
        /// <see cref="DispatchSolver.MarginalPriceLimitNanocurrencyPerKilowattHour"/>.
        /// </summary>
        public const int MaximumWeight = 1000000;

        /// <summary>Largest price magnitude, microcurrency per kWh (1000 currency per kWh), for the same reason.</summary>
        public const int MaximumPriceMagnitudeMicrocurrencyPerKilowattHour = 1000000000;

        /// <summary>Lower limit of each source, mW.</summary>
        public readonly int[] MinimumMilliwatts = new int[MaxSources];

        /// <summary>Upper limit of each source, mW.</summary>
        public readonly int[] MaximumMilliwatts = new int[MaxSources];

        /// <summary>Preferred power of each source (D_i), mW; it may lie outside the limits.</summary>
        public readonly int[] PreferredMilliwatts = new int[MaxSources];

        /// <summary>Deviation weight of each source (w_i), microcurrency per kWh per kW of deviation.</summary>
        public readonly int[] WeightMicrocurrencyPerKilowattHourPerKilowatt = new int[MaxSources];

        /// <summary>Price of each source's power (p_i), microcurrency per kWh; grid export is a separate source with its own price.</summary>
        public readonly int[] PriceMicrocurrencyPerKilowattHour = new int[MaxSources];

        /// <summary>Number of sources in use.</summary>
        public int SourceCount { get; private set; }

        /// <summary>Power the sources must supply together, mW (the load).</summary>
        public int DemandMilliwatts;

        /// <summary>Removes every source; the demand is kept.</summary>
        public void Clear()
        {
            SourceCount = 0;
        }

        /// <summary>Adds a source and returns its index. Throws on a configuration error (limits crossed, weight or price out of range).</summary>
        public int AddSource(
            int minimumMilliwatts,
            int maximumMilliwatts,
            int preferredMilliwatts,
            int weightMicrocurrencyPerKilowattHourPerKilowatt,
            int priceMicrocurrencyPerKilowattHour)
        {
            if (SourceCount >= MaxSources)
            {
                throw new System.InvalidOperationException("at most 8 sources");
            }

            int index = SourceCount;
            SetSource(index, minimumMilliwatts, maximumMilliwatts, preferredMilliwatts,
                weightMicrocurrencyPerKilowattHourPerKilowatt, priceMicrocurrencyPerKilowattHour);
            SourceCount = index + 1;
            return index;
        }

        /// <summary>Overwrites an existing source (index below <see cref="SourceCount"/>, or the next one being added).</summary>
        public void SetSource(
            int index,
            int minimumMilliwatts,
            int maximumMilliwatts,
            int preferredMilliwatts,
            int weightMicrocurrencyPerKilowattHourPerKilowatt,
            int priceMicrocurrencyPerKilowattHour)
        {
            if (index < 0 || index > SourceCount || index >= MaxSources)
            {
                throw new System.ArgumentOutOfRangeException("index");
            }

            if (minimumMilliwatts > maximumMilliwatts)
            {
                throw new System.ArgumentException("minimum above maximum", "minimumMilliwatts");
            }

            if (weightMicrocurrencyPerKilowattHourPerKilowatt < MinimumWeight
                || weightMicrocurrencyPerKilowattHourPerKilowatt > MaximumWeight)
            {
                throw new System.ArgumentOutOfRangeException("weightMicrocurrencyPerKilowattHourPerKilowatt");
            }

            if (priceMicrocurrencyPerKilowattHour > MaximumPriceMagnitudeMicrocurrencyPerKilowattHour
                || priceMicrocurrencyPerKilowattHour < -MaximumPriceMagnitudeMicrocurrencyPerKilowattHour)
            {
                throw new System.ArgumentOutOfRangeException("priceMicrocurrencyPerKilowattHour");
            }

            MinimumMilliwatts[index] = minimumMilliwatts;
            MaximumMilliwatts[index] = maximumMilliwatts;
            PreferredMilliwatts[index] = preferredMilliwatts;
            WeightMicrocurrencyPerKilowattHourPerKilowatt[index] = weightMicrocurrencyPerKilowattHourPerKilowatt;
            PriceMicrocurrencyPerKilowattHour[index] = priceMicrocurrencyPerKilowattHour;
        }
    }
}
