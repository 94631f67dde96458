using EdgeController.Core.FixedPoint;
using EdgeController.Hal;

namespace EdgeController.Core.Sensing
{
    /// <summary>
    /// The data-cleaning step of one channel before control (the source document's): a range
    /// check, stuck-value detection, spike rejection and a cheap first-order filter, with a clear
    /// fault state. A spike (a jump larger than the channel's plausible step since the last
    /// accepted sample) is held back; if the new level persists for
    /// <see cref="SpikeConfirmSamples"/> samples it is a real step and is accepted. The filter is
    /// an exponential moving average in Q16.16 (one multiply a sample). Protection reads
    /// <see cref="LastRaw"/> (never delayed by spike rejection); control reads <see cref="Value"/>
    /// or <see cref="Filtered"/>.
    /// Allocation-free.
    /// </summary>
    public sealed class SensorChannelFilter
    {
        /// <summary>A jump must persist for 3 samples to count as real: two glitches in a row are still rejected.</summary>
        public const int SpikeConfirmSamples = 3;

        private readonly int _minimum;
        private readonly int _maximum;
        private readonly int _maximumStep;
        private readonly int _stuckSamples;
        private readonly int _smoothingQ16;
        private int _lastRaw;
        private int _sameRawCount;
        private int _spikeCount;
        private long _filteredQ16;

        /// <summary>
        /// Creates the filter of one channel.
        /// </summary>
        /// <param name="minimum">Smallest physically possible value (in the channel's unit).</param>
        /// <param name="maximum">Largest physically possible value.</param>
        /// <param name="maximumStep">Largest plausible change between two samples; 0 disables spike rejection.</param>
        /// <param name="stuckSamples">Identical raw samples in a row that mean a frozen sensor; 0 disables (a quantised quiet channel may repeat legitimately).</param>
        /// <param name="smoothingQ16">Weight of a new sample in the average, Q16.16 (1.0 = no filtering).</param>
        public SensorChannelFilter(int minimum, int maximum, int maximumStep, int stuckSamples, int smoothingQ16)
        {
            if (minimum > maximum || smoothingQ16 <= 0 || smoothingQ16 > Q16.One)
            {
                throw new System.ArgumentException("range crossed or smoothing outside (0, 1]");
            }

            _minimum = minimum;
            _maximum = maximum;
            _maximumStep = maximumStep;
            _stuckSamples = stuckSamples;
            _smoothingQ16 = smoothingQ16;
            Health = SensorHealth.NotReady;
        }

        /// <summary>The channel's state after the last sample.</summary>
        public SensorHealth Health { get; private set; }

        /// <summary>True when <see cref="Value"/> and <see cref="Filtered"/> may be used.</summary>
        public bool IsValid
        {
            get { return Health == SensorHealth.Ok; }
        }

        /// <summary>
        /// The last raw sample that passed the range and stuck checks, spikes included: what
        /// protection must see (a short circuit looks exactly like a spike).
        /// </summary>
        public int LastRaw
        {
            get { return _lastRaw; }
        }

        /// <summary>The last accepted sample.</summary>
        public int Value { get; private set; }

        /// <summary>The filtered value, rounded to nearest.</summary>
        public int Filtered
        {
            get { return Saturating.DivideRounded(_filteredQ16, Q16.One); }
        }

        /// <summary>Samples held back as spikes since start.</summary>
        public int SpikesRejected { get; private set; }

        /// <summary>Cleans one sample from the driver.</summary>
        public void Sample(SensorStatus status, int raw)
        {
            if (status != SensorStatus.Ok)
            {
                Health = SensorHealth.ReadFailed;
                return;
            }

            if (raw < _minimum || raw > _maximum)
            {
                Health = SensorHealth.OutOfRange;
                return;
            }

            bool hadValue = Health != SensorHealth.NotReady;
            _sameRawCount = hadValue && raw == _lastRaw ? _sameRawCount + 1 : 1;
            _lastRaw = raw;
            if (_stuckSamples > 0 && _sameRawCount >= _stuckSamples)
            {
                Health = SensorHealth.Stuck;
                return;
            }

            if (!hadValue)
            {
                Accept(raw, true);
                return;
            }

            long step = (long)raw - Value;
            long magnitude = step < 0 ? -step : step;
            if (_maximumStep > 0 && magnitude > _maximumStep)
            {
                _spikeCount++;
                if (_spikeCount < SpikeConfirmSamples)
                {
                    SpikesRejected++;
                    Health = SensorHealth.Ok;
                    return;
                }

                // The new level persisted: a real step. The filter restarts there instead of
                // crawling toward it.
                Accept(raw, true);
                return;
            }

            Accept(raw, false);
        }

        private void Accept(int raw, bool reseed)
        {
            _spikeCount = 0;
            Value = raw;
            long rawQ16 = (long)raw << Q16.FractionBits;
            if (reseed)
            {
                _filteredQ16 = rawQ16;
            }
            else
            {
                // The step is floored (arithmetic shift): a bias under one Q16 unit (1/65536 of the channel's unit).
                _filteredQ16 += Saturating.Multiply(rawQ16 - _filteredQ16, (long)_smoothingQ16) >> Q16.FractionBits;
            }

            Health = SensorHealth.Ok;
        }
    }
}
