namespace EdgeController.Core.Planning
{
    /// <summary>
    /// Load and PV ahead, as mean powers of 15-minute slots. The device's is
    /// <see cref="ProfileSlotForecast"/> (causal: learned from the past); a bench may give the
    /// planner the true future instead, so that forecast error and optimiser error can be told apart.
    /// </summary>
    public interface ISlotForecast
    {
        /// <summary>Mean load over the slot slotsAhead after the one containing minuteOfDay (0 = that slot), mW.</summary>
        int LoadMilliwattsAt(int minuteOfDay, int slotsAhead);

        /// <summary>Mean available PV over that slot, mW.</summary>
        int PvMilliwattsAt(int minuteOfDay, int slotsAhead);

        /// <summary>
        /// How far the slot's mean net load (load - PV) may typically be from the forecast, mW
        /// (0 = the forecast is exact): the planner weighs net - spread, net and net + spread.
        /// </summary>
        int SpreadMilliwattsAt(int minuteOfDay, int slotsAhead);
    }
}
