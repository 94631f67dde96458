namespace EdgeController.Core.Charging
{
    /// <summary>
    /// The operational end of discharge, inside the protection's under-voltage limit: discharge
    /// stops when the pack voltage or the estimated state of charge falls to its cut-off, and
    /// resumes only when both are back above their resume levels (hysteresis: a pack that stops
    /// at 10 % resumes at 15 %, so it is not cycled on the last per cent).
    /// </summary>
    public sealed class DischargeCutoff
    {
        private readonly int _cutoffMillivolts;
        private readonly int _resumeMillivolts;
        private readonly int _cutoffSocPerMille;
        private readonly int _resumeSocPerMille;

        /// <summary>Creates the gate, open (discharge allowed).</summary>
        public DischargeCutoff(int cutoffMillivolts, int resumeMillivolts, int cutoffSocPerMille, int resumeSocPerMille)
        {
            if (resumeMillivolts < cutoffMillivolts || resumeSocPerMille < cutoffSocPerMille)
            {
                throw new System.ArgumentException("resume levels must not be below the cut-off levels");
            }

            _cutoffMillivolts = cutoffMillivolts;
            _resumeMillivolts = resumeMillivolts;
            _cutoffSocPerMille = cutoffSocPerMille;
            _resumeSocPerMille = resumeSocPerMille;
            DischargeAllowed = true;
        }

        /// <summary>True while the battery may discharge.</summary>
        public bool DischargeAllowed { get; private set; }

        /// <summary>The state of charge at which discharge stops, per mille (the planner's floor).</summary>
        public int CutoffSocPerMille
        {
            get { return _cutoffSocPerMille; }
        }

        /// <summary>One tick.</summary>
        public void Update(int packMillivolts, int socPerMille)
        {
            if (DischargeAllowed)
            {
                DischargeAllowed = packMillivolts > _cutoffMillivolts && socPerMille > _cutoffSocPerMille;
            }
            else
            {
                DischargeAllowed = packMillivolts >= _resumeMillivolts && socPerMille >= _resumeSocPerMille;
            }
        }
    }
}
