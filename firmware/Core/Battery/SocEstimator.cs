using EdgeController.Core.FixedPoint;

namespace EdgeController.Core.Battery
{
    /// <summary>
    /// State of charge by coulomb counting, corrected from the OCV curve after rest, with a state
    /// of health estimated from the charge counted between two such corrections.
    /// Counting: charge is held in milliamp-milliseconds (long, no drift); charge current is
    /// scaled by the coulombic efficiency (rounded to nearest per tick, a bias below 1 mA·ms per
    /// tick). Correction: after <see cref="RestMilliseconds"/> with |current| at or below C/100,
    /// the pack voltage is near its OCV; where the curve is steep enough for a millivolt to mean
    /// little (<see cref="BatteryParameters.OcvTrustSlopeMillivoltsPerStep"/>), the estimate moves a fixed fraction
    /// toward the SOC the curve gives; on a flat plateau (LiFePO4 between 20 % and 90 %) it does
    /// not, since hysteresis alone would move it by tens of per cent. Allocation-free.
    /// </summary>
    public sealed class SocEstimator
    {
        /// <summary>
        /// Rest time before the voltage counts as open-circuit: 30 minutes. Lithium cells relax to
        /// within a few millivolts of OCV in 15 to 60 minutes after a moderate current.
        /// </summary>
        public const int RestMilliseconds = 30 * 60 * 1000;

        /// <summary>Rest current threshold as a divisor of capacity: C/100 (2 A for a 200 Ah pack), where the IR drop is under a millivolt per cell.</summary>
        public const int RestCurrentCapacityDivisor = 100;

        /// <summary>Fraction of the gap to the OCV's SOC closed at each correction: 3/4, a compromise between trusting the curve and the count.</summary>
        public static readonly int OcvCorrectionGainQ16 = Q16.FromRatio(3, 4);

        /// <summary>Smallest SOC span between two corrections that gives a capacity estimate: 500 ‰, so that a 3 % SOC error is at most 6 % of capacity.</summary>
        public const int MinimumSpanForCapacityPerMille = 500;

        /// <summary>Filter of the state of health: each new capacity estimate moves it 1/8 of the way, so one bad pair of anchors moves it little.</summary>
        public const int SohFilterDivisor = 8;

        /// <summary>Bounds of the state-of-health estimate, per mille of rated capacity.</summary>
        public const int MinimumSohPerMille = 300;

        /// <summary>Upper bound of the state-of-health estimate: a count with a gain error can read a little above rated.</summary>
        public const int MaximumSohPerMille = 1200;

        private readonly BatteryParameters _parameters;
        private readonly long _ratedCapacityMilliampMilliseconds;
        private long _capacityMilliampMilliseconds;
        private readonly int _restCurrentMilliamps;
        private long _chargeMilliampMilliseconds;
        private int _restElapsedMilliseconds;
        private int _nextCorrectionRestMilliseconds;
        private bool _hasAnchor;
        private int _anchorSocPerMille;
        private long _chargeSinceAnchorMilliampMilliseconds;

        /// <summary>Creates an estimator at 0 %; call <see cref="StartFromOpenCircuit"/> or <see cref="StartAt"/> before use.</summary>
        public SocEstimator(BatteryParameters parameters)
        {
            _parameters = parameters;
            _ratedCapacityMilliampMilliseconds = parameters.CapacityMilliampMilliseconds;
            _capacityMilliampMilliseconds = _ratedCapacityMilliampMilliseconds;
            _restCurrentMilliamps = parameters.CapacityMilliampHours / RestCurrentCapacityDivisor;
            SohPerMille = 1000;
            _nextCorrectionRestMilliseconds = RestMilliseconds;
        }

        /// <summary>
        /// Estimated state of charge, per mille of the estimated usable capacity (rated capacity
        /// times <see cref="SohPerMille"/>), rounded to nearest: 1000 is full whatever the pack's age.
        /// </summary>
        public int SocPerMille
        {
            get { return Saturating.DivideRounded(_chargeMilliampMilliseconds * 1000, _capacityMilliampMilliseconds); }
        }

        /// <summary>Estimated charge stored, mAh, rounded to nearest.</summary>
        public int ChargeMilliampHours
        {
            get { return Saturating.DivideRounded(_chargeMilliampMilliseconds, BatteryParameters.MillisecondsPerHour); }
        }

        /// <summary>Estimated state of health: usable capacity over rated, per mille (1000 until two corrections far enough apart have been seen).</summary>
        public int SohPerMille { get; private set; }

        /// <summary>OCV corrections applied since start.</summary>
        public int CorrectionCount { get; private set; }

        /// <summary>Milliseconds the pack has been at rest.</summary>
        public int RestElapsedMilliseconds
        {
            get { return _restElapsedMilliseconds; }
        }

        /// <summary>Starts from a persisted estimate (the normal boot).</summary>
        public void StartAt(int socPerMille)
        {
            int soc = socPerMille < 0 ? 0 : (socPerMille > 1000 ? 1000 : socPerMille);
            _chargeMilliampMilliseconds = _capacityMilliampMilliseconds * soc / 1000;
            _hasAnchor = false;
        }

        /// <summary>
        /// Starts from a persisted estimate of charge and health (the normal boot): the health
        /// first, so that the state of charge is taken against the capacity it implies.
        /// </summary>
        public void Restore(int socPerMille, int sohPerMille)
        {
            int soh = sohPerMille < MinimumSohPerMille ? MinimumSohPerMille : (sohPerMille > MaximumSohPerMille ? MaximumSohPerMille : sohPerMille);
            _capacityMilliampMilliseconds = _ratedCapacityMilliampMilliseconds * soh / 1000;
            SohPerMille = soh;
            StartAt(socPerMille);
        }

        /// <summary>Starts from the OCV curve (first boot, or a persisted estimate that was lost), assuming the pack has rested.</summary>
        public void StartFromOpenCircuit(int packMillivolts)
        {
            StartAt(_parameters.OcvCurve.SocPerMilleAt(CellMillivolts(packMillivolts)));
        }

        /// <summary>
        /// One tick: counts the charge over the elapsed time and, after a rest, corrects from the voltage.
        /// </summary>
        /// <param name="currentMilliamps">Battery current, mA, positive = into the battery (charge).</param>
        /// <param name="packMillivolts">Pack voltage at the terminals, mV.</param>
        /// <param name="elapsedMilliseconds">Time since the previous update, ms (negative is read as 0).</param>
        public void Update(int currentMilliamps, int packMillivolts, int elapsedMilliseconds)
        {
            if (elapsedMilliseconds <= 0)
            {
                return;
            }

            long chargeMilliampMilliseconds = (long)currentMilliamps * elapsedMilliseconds;
            if (chargeMilliampMilliseconds > 0)
            {
                chargeMilliampMilliseconds = Q16.Scale(chargeMilliampMilliseconds, _parameters.ChargeEfficiencyQ16);
            }

            _chargeSinceAnchorMilliampMilliseconds += chargeMilliampMilliseconds;
            _chargeMilliampMilliseconds = ClampCharge(_chargeMilliampMilliseconds + chargeMilliampMilliseconds);

            int magnitudeMilliamps = currentMilliamps < 0 ? -currentMilliamps : currentMilliamps;
            if (magnitudeMilliamps > _restCurrentMilliamps)
            {
                _restElapsedMilliseconds = 0;
                _nextCorrectionRestMilliseconds = RestMilliseconds;
                return;
            }

            _restElapsedMilliseconds = Saturating.Add(_restElapsedMilliseconds, elapsedMilliseconds);
            if (_restElapsedMilliseconds >= _nextCorrectionRestMilliseconds)
            {
                // A long rest keeps relaxing: correct again after every further rest period.
                _nextCorrectionRestMilliseconds = Saturating.Add(_nextCorrectionRestMilliseconds, RestMilliseconds);
                CorrectFromOpenCircuit(packMillivolts);
            }
        }

        private void CorrectFromOpenCircuit(int packMillivolts)
        {
            OcvCurve curve = _parameters.OcvCurve;
            int cellMillivolts = CellMillivolts(packMillivolts);
            if (curve.SlopeMillivoltsPerStepAt(cellMillivolts) < _parameters.OcvTrustSlopeMillivoltsPerStep)
            {
                return;
            }

            int ocvSocPerMille = curve.SocPerMilleAt(cellMillivolts);
            UpdateHealth(ocvSocPerMille);

            int estimateSocPerMille = SocPerMille;
            int correctionPerMille = Q16.Scale(ocvSocPerMille - estimateSocPerMille, OcvCorrectionGainQ16);
            _chargeMilliampMilliseconds = ClampCharge(
                _chargeMilliampMilliseconds + (_capacityMilliampMilliseconds * correctionPerMille / 1000));
            CorrectionCount++;
        }

        /// <summary>
        /// Capacity = charge counted between two OCV anchors over their SOC difference. Only
        /// anchors far enough apart count; the new anchor replaces the old one either way.
        /// </summary>
        private void UpdateHealth(int ocvSocPerMille)
        {
            if (_hasAnchor)
            {
                int spanPerMille = ocvSocPerMille - _anchorSocPerMille;
                int magnitudePerMille = spanPerMille < 0 ? -spanPerMille : spanPerMille;
                if (magnitudePerMille >= MinimumSpanForCapacityPerMille)
                {
                    long capacityMilliampMilliseconds = _chargeSinceAnchorMilliampMilliseconds * 1000 / spanPerMille;
                    int rawSohPerMille = Saturating.DivideRounded(capacityMilliampMilliseconds * 1000, _ratedCapacityMilliampMilliseconds);
                    if (rawSohPerMille > 0)
                    {
                        // Rounded to nearest, so that the filter has no dead band of SohFilterDivisor per mille.
                        int soh = SohPerMille + Saturating.DivideRounded(rawSohPerMille - SohPerMille, SohFilterDivisor);
                        SetHealth(soh < MinimumSohPerMille ? MinimumSohPerMille : (soh > MaximumSohPerMille ? MaximumSohPerMille : soh));
                    }
                }
            }

            _hasAnchor = true;
            _anchorSocPerMille = ocvSocPerMille;
            _chargeSinceAnchorMilliampMilliseconds = 0;
        }

        /// <summary>Adopts a new health estimate: the usable capacity follows, and the charge is rescaled so the SOC does not jump.</summary>
        private void SetHealth(int sohPerMille)
        {
            long newCapacityMilliampMilliseconds = _ratedCapacityMilliampMilliseconds * sohPerMille / 1000;
            // Through the per-mille ratio: charge (below 2^40) times SOH (below 2^11) cannot overflow.
            _chargeMilliampMilliseconds = _chargeMilliampMilliseconds * sohPerMille / SohPerMille;
            _capacityMilliampMilliseconds = newCapacityMilliampMilliseconds;
            SohPerMille = sohPerMille;
        }

        private int CellMillivolts(int packMillivolts)
        {
            return Saturating.DivideRounded(packMillivolts, _parameters.CellsInSeries);
        }

        private long ClampCharge(long chargeMilliampMilliseconds)
        {
            if (chargeMilliampMilliseconds < 0)
            {
                return 0;
            }

            return chargeMilliampMilliseconds > _capacityMilliampMilliseconds ? _capacityMilliampMilliseconds : chargeMilliampMilliseconds;
        }
    }
}
