namespace EdgeController.Core.Metering
{
    /// <summary>
    /// Forward and reverse energy of one measurement point, as a bidirectional meter keeps them.
    /// Forward is the channel's positive direction (for example import for a grid channel,
    /// charge for a battery channel); reverse is the other. Both registers only grow.
    /// </summary>
    public sealed class EnergyRegisterPair
    {
        private readonly EnergyAccumulator _forward;
        private readonly EnergyAccumulator _reverse;

        /// <summary>Starts from persisted register values.</summary>
        public EnergyRegisterPair(long forwardMilliwattHours, long reverseMilliwattHours)
        {
            _forward = new EnergyAccumulator(forwardMilliwattHours);
            _reverse = new EnergyAccumulator(reverseMilliwattHours);
        }

        /// <summary>Energy in the positive direction, mWh.</summary>
        public long ForwardMilliwattHours
        {
            get { return _forward.MilliwattHours; }
        }

        /// <summary>Energy in the negative direction, mWh.</summary>
        public long ReverseMilliwattHours
        {
            get { return _reverse.MilliwattHours; }
        }

        /// <summary>Adds signed power (positive = forward) held for a time.</summary>
        public void Add(int signedPowerMilliwatts, int elapsedMilliseconds)
        {
            if (signedPowerMilliwatts >= 0)
            {
                _forward.Add(signedPowerMilliwatts, elapsedMilliseconds);
            }
            else
            {
                // -int.MinValue does not exist; one milliwatt less is an honest clamp.
                int magnitude = signedPowerMilliwatts == int.MinValue ? int.MaxValue : -signedPowerMilliwatts;
                _reverse.Add(magnitude, elapsedMilliseconds);
            }
        }
    }
}
