namespace EdgeController.Hal
{
    /// <summary>
    /// The PV charge controller's (or PV inverter's) output limit: below the limit its tracker
    /// holds the maximum power point, at the limit it moves off it. Curtailment is the only
    /// control a PV source has.
    /// </summary>
    public interface IPvCurtailment
    {
        /// <summary>Limits the PV output, mW: 0 = off, int.MaxValue = no limit (the tracker takes all it can).</summary>
        /// <returns>False when the controller did not take the limit: it keeps its previous one.</returns>
        bool SetLimitMilliwatts(int limitMilliwatts);
    }
}
