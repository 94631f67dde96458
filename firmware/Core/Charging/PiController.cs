using EdgeController.Core.FixedPoint;

namespace EdgeController.Core.Charging
{
    /// <summary>
    /// A proportional-integral loop in Q16.16: output = Kp e + I, with I += Ki e dt. The output is
    /// clamped to [0, max]; anti-windup is conditional integration: the integrator does not move
    /// further in a direction in which the output is already clamped, nor upward while the plant
    /// is taking less than the loop already allows (the source is the limit, not the loop), and it
    /// is itself held inside [0, max]. The integrator keeps its fraction (Q16 in a long), so a
    /// small error still integrates. Allocation-free.
    /// </summary>
    public sealed class PiController
    {
        private readonly int _proportionalGainQ16;
        private readonly int _integralGainPerSecondQ16;
        private long _integratorQ16;

        /// <param name="proportionalGainQ16">Kp, output units per error unit, Q16.16.</param>
        /// <param name="integralGainPerSecondQ16">Ki, output units per error unit per second, Q16.16.</param>
        public PiController(int proportionalGainQ16, int integralGainPerSecondQ16)
        {
            _proportionalGainQ16 = proportionalGainQ16;
            _integralGainPerSecondQ16 = integralGainPerSecondQ16;
        }

        /// <summary>The integrator's value, output units (rounded to nearest).</summary>
        public int Integrator
        {
            get { return Saturating.DivideRounded(_integratorQ16, Q16.One); }
        }

        /// <summary>Sets the integrator (bumpless entry into the loop from another mode).</summary>
        public void Reset(int integrator)
        {
            _integratorQ16 = (long)integrator << Q16.FractionBits;
        }

        /// <summary>
        /// One step of the loop.
        /// </summary>
        /// <param name="error">Setpoint minus measurement, in the loop's error unit (e.g. mV).</param>
        /// <param name="elapsedMilliseconds">Time since the previous step, ms.</param>
        /// <param name="maximumOutput">Upper clamp of the output (e.g. the derated current limit).</param>
        /// <param name="plantIsLimitedElsewhere">True when the plant takes less than the last output allowed: no upward integration.</param>
        /// <returns>The clamped output.</returns>
        public int Update(int error, int elapsedMilliseconds, int maximumOutput, bool plantIsLimitedElsewhere)
        {
            long maximumQ16 = (long)(maximumOutput < 0 ? 0 : maximumOutput) << Q16.FractionBits;
            long proportionalQ16 = Saturating.Multiply((long)error, (long)_proportionalGainQ16);
            // Ki [1/s] * e * dt [ms] / 1000, all in Q16: (Ki_q16 * e) * dt / 1000.
            long integralStepQ16 = Saturating.Multiply(Saturating.Multiply((long)error, (long)_integralGainPerSecondQ16), elapsedMilliseconds) / MillisecondsPerSecond;
            long unclampedQ16 = Saturating.Add(proportionalQ16, _integratorQ16);
            bool clampedHigh = unclampedQ16 >= maximumQ16;
            bool clampedLow = unclampedQ16 <= 0;
            bool integrateUp = integralStepQ16 > 0 && !clampedHigh && !plantIsLimitedElsewhere;
            bool integrateDown = integralStepQ16 < 0 && !clampedLow;
            if (integrateUp || integrateDown)
            {
                _integratorQ16 = Saturating.Add(_integratorQ16, integralStepQ16);
            }

            if (_integratorQ16 > maximumQ16)
            {
                _integratorQ16 = maximumQ16;
            }
            else if (_integratorQ16 < 0)
            {
                _integratorQ16 = 0;
            }

            long outputQ16 = Saturating.Add(proportionalQ16, _integratorQ16);
            if (outputQ16 > maximumQ16)
            {
                outputQ16 = maximumQ16;
            }
            else if (outputQ16 < 0)
            {
                outputQ16 = 0;
            }

            // Truncation toward zero: the output never exceeds what the gains ask for.
            return (int)(outputQ16 >> Q16.FractionBits);
        }

        private const int MillisecondsPerSecond = 1000;
    }
}
