namespace EdgeController.Core.Metering
{
    /// <summary>
    /// Integrates non-negative power over time into a milliwatt-hour register without drift:
    /// it sums exact milliwatt-milliseconds and carries what does not yet make a whole mWh, so
    /// the register after N steps equals floor(sum of power x time / 3.6e6) exactly, for any N.
    /// The register never goes backwards; negative power is ignored (a bidirectional meter keeps
    /// two of these, see <see cref="EnergyRegisterPair"/>).
    /// </summary>
    public sealed class EnergyAccumulator
    {
        /// <summary>1 mWh = 1 mW for 3600 s = 3,600,000 mW·ms.</summary>
        public const long MilliwattMillisecondsPerMilliwattHour = 3600000;

        private long _milliwattHours;
        private long _remainderMilliwattMilliseconds;

        /// <summary>Starts from a persisted register value, with no partial mWh carried.</summary>
        public EnergyAccumulator(long initialMilliwattHours)
        {
            _milliwattHours = initialMilliwattHours < 0 ? 0 : initialMilliwattHours;
        }

        /// <summary>Whole milliwatt-hours accumulated, never decreasing.</summary>
        public long MilliwattHours
        {
            get { return _milliwattHours; }
        }

        /// <summary>The part of a milliwatt-hour carried to the next step, 0..3,599,999 mW·ms.</summary>
        public long RemainderMilliwattMilliseconds
        {
            get { return _remainderMilliwattMilliseconds; }
        }

        /// <summary>Adds power held for a time. Negative power or time adds nothing.</summary>
        public void Add(int powerMilliwatts, int elapsedMilliseconds)
        {
            if (powerMilliwatts <= 0 || elapsedMilliseconds <= 0)
            {
                return;
            }

            // int x int fits in long with room to spare: at most 2^62, and the remainder is below 2^22.
            long total = _remainderMilliwattMilliseconds + ((long)powerMilliwatts * elapsedMilliseconds);
            long wholeMilliwattHours = total / MilliwattMillisecondsPerMilliwattHour;
            _remainderMilliwattMilliseconds = total - (wholeMilliwattHours * MilliwattMillisecondsPerMilliwattHour);
            if (_milliwattHours > long.MaxValue - wholeMilliwattHours)
            {
                // A register saturates rather than wraps; at 1 GW this is 10^6 years away.
                _milliwattHours = long.MaxValue;
                return;
            }

            _milliwattHours += wholeMilliwattHours;
        }
    }
}
