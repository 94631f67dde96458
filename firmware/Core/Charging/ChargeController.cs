using EdgeController.Core.FixedPoint;

namespace EdgeController.Core.Charging
{
    /// <summary>
    /// CC/CV/float charging as a limit on the charge current the dispatcher may use. Bulk: the
    /// temperature-derated maximum until the pack reaches the absorption voltage. Absorption:
    /// a PI loop on the pack voltage (<see cref="PiController"/>, Q16.16, anti-windup) sets the
    /// limit that holds the voltage; when the loop has held the limit under the tail current
    /// for the tail time, or absorption has lasted its maximum, the pack is full. Float: the same loop at the float voltage, until the
    /// state of charge falls below the rebulk level. Lead-acid voltages are compensated for
    /// temperature. Allocation-free.
    /// </summary>
    public sealed class ChargeController
    {
        private readonly ChargeProfile _profile;
        private readonly int _cellsInSeries;
        private readonly PiController _voltageLoop;
        private int _tailElapsedMilliseconds;
        private int _absorptionElapsedMilliseconds;

        /// <summary>Creates the controller in bulk.</summary>
        public ChargeController(ChargeProfile profile, int cellsInSeries)
        {
            _profile = profile;
            _cellsInSeries = cellsInSeries;
            _voltageLoop = new PiController(profile.ProportionalGainQ16, profile.IntegralGainPerSecondQ16);
            Stage = ChargeStage.Bulk;
        }

        /// <summary>The stage now.</summary>
        public ChargeStage Stage { get; private set; }

        /// <summary>Largest charge current the dispatcher may ask for now, mA.</summary>
        public int ChargeLimitMilliamps { get; private set; }

        /// <summary>The temperature-derated maximum charge current now, mA.</summary>
        public int DeratedMaximumMilliamps { get; private set; }

        /// <summary>The voltage the loop holds now (absorption or float, compensated), mV; in bulk the one it heads for.</summary>
        public int TargetMillivolts { get; private set; }

        /// <summary>
        /// One tick.
        /// </summary>
        /// <param name="packMillivolts">Pack voltage, mV.</param>
        /// <param name="currentMilliamps">Battery current, mA, positive = charge.</param>
        /// <param name="temperatureDeciCelsius">Pack temperature, 0.1 °C.</param>
        /// <param name="socPerMille">Estimated state of charge, per mille.</param>
        /// <param name="elapsedMilliseconds">Time since the previous tick, ms.</param>
        public void Update(int packMillivolts, int currentMilliamps, int temperatureDeciCelsius, int socPerMille, int elapsedMilliseconds)
        {
            DeratedMaximumMilliamps = DeratedMaximum(temperatureDeciCelsius);
            int elapsed = elapsedMilliseconds < 0 ? 0 : elapsedMilliseconds;
            if (Stage == ChargeStage.Float && socPerMille < _profile.RebulkSocPerMille)
            {
                Stage = ChargeStage.Bulk;
            }

            int cellMillivolts = Stage == ChargeStage.Float ? _profile.FloatCellMillivolts : _profile.AbsorptionCellMillivolts;
            TargetMillivolts = (_cellsInSeries * cellMillivolts) + Compensation(temperatureDeciCelsius);

            if (Stage == ChargeStage.Bulk)
            {
                if (packMillivolts < TargetMillivolts)
                {
                    ChargeLimitMilliamps = DeratedMaximumMilliamps;
                    return;
                }

                // Bumpless entry: the loop starts from the current that brought the pack here.
                Stage = ChargeStage.Absorption;
                _voltageLoop.Reset(currentMilliamps > 0 ? currentMilliamps : 0);
                _tailElapsedMilliseconds = 0;
                _absorptionElapsedMilliseconds = 0;
            }

            // The plant is limited elsewhere when it takes clearly less than the loop allowed
            // (not enough surplus): then the loop must not wind up toward a current nobody delivers.
            bool limitedElsewhere = currentMilliamps < ChargeLimitMilliamps - _profile.TailMilliamps;
            int loopMilliamps = _voltageLoop.Update(TargetMillivolts - packMillivolts, elapsed, DeratedMaximumMilliamps, limitedElsewhere);
            // Under voltage control the limit may run ahead of the current actually flowing only by
            // a ramp: when a cloud passes, the surplus returns gradually instead of as a step that
            // the loop's proportional kick would let straight into the pack.
            long rampCeilingMilliamps = (currentMilliamps > 0 ? (long)currentMilliamps : 0)
                + ((long)_profile.RampMilliampsPerSecond * elapsed / MillisecondsPerSecond);
            ChargeLimitMilliamps = loopMilliamps < rampCeilingMilliamps ? loopMilliamps : (int)rampCeilingMilliamps;

            if (Stage == ChargeStage.Absorption)
            {
                _tailElapsedMilliseconds = ChargeLimitMilliamps <= _profile.TailMilliamps ? _tailElapsedMilliseconds + elapsed : 0;
                _absorptionElapsedMilliseconds = Saturating.Add(_absorptionElapsedMilliseconds, elapsed);
                bool absorptionTimedOut = _profile.MaximumAbsorptionMilliseconds > 0
                    && _absorptionElapsedMilliseconds >= _profile.MaximumAbsorptionMilliseconds;
                if (_tailElapsedMilliseconds >= _profile.TailMilliseconds || absorptionTimedOut)
                {
                    Stage = ChargeStage.Float;
                }
            }
        }

        /// <summary>
        /// The charge current allowed at a temperature: 0 at or beyond the no-charge limits, the
        /// maximum inside the comfortable window, linear between (rounded toward zero, the safe side).
        /// </summary>
        public int DeratedMaximum(int temperatureDeciCelsius)
        {
            ChargeProfile p = _profile;
            if (temperatureDeciCelsius <= p.NoChargeBelowDeciCelsius || temperatureDeciCelsius >= p.NoChargeAboveDeciCelsius)
            {
                return 0;
            }

            if (temperatureDeciCelsius < p.FullChargeFromDeciCelsius)
            {
                return (int)((long)p.MaximumChargeMilliamps * (temperatureDeciCelsius - p.NoChargeBelowDeciCelsius)
                    / (p.FullChargeFromDeciCelsius - p.NoChargeBelowDeciCelsius));
            }

            if (temperatureDeciCelsius > p.FullChargeUpToDeciCelsius)
            {
                return (int)((long)p.MaximumChargeMilliamps * (p.NoChargeAboveDeciCelsius - temperatureDeciCelsius)
                    / (p.NoChargeAboveDeciCelsius - p.FullChargeUpToDeciCelsius));
            }

            return p.MaximumChargeMilliamps;
        }

        /// <summary>Pack voltage compensation at a temperature, mV (rounded toward zero).</summary>
        private int Compensation(int temperatureDeciCelsius)
        {
            long microvolts = (long)_profile.CompensationMicrovoltsPerDeciCelsiusPerCell * _cellsInSeries
                * (temperatureDeciCelsius - ChargeProfile.ReferenceDeciCelsius);
            return (int)(microvolts / MicrovoltsPerMillivolt);
        }

        private const int MicrovoltsPerMillivolt = 1000;
        private const int MillisecondsPerSecond = 1000;
    }
}
