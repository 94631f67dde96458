namespace EdgeController.Core.Protection
{
    /// <summary>
    /// The battery's protection as a state machine over a fault mask, evaluated first in every
    /// tick so that its verdict holds for the same tick's dispatch: the safe state is reached
    /// within one tick of a limit being crossed. Non-latching faults trip beyond their trip value
    /// and release back past their release value (hysteresis). Latching faults (over-current,
    /// hard over-voltage, sensor loss) stay set after the condition is gone until
    /// <see cref="ClearLatched"/>, the technician's command. A failed read of any sensor holds the
    /// contactor open at once (what cannot be measured cannot be protected) and latches as
    /// <see cref="ProtectionFaults.SensorLoss"/> after <see cref="ProtectionLimits.SensorLossTicks"/>
    /// failures in a row. A direction that stays blocked but keeps carrying current escalates to
    /// an open contactor (<see cref="ProtectionFaults.UncontrolledCurrent"/>). Raised and cleared bits of each evaluation are kept for the event
    /// publisher. Allocation-free.
    /// </summary>
    public sealed class ProtectionMonitor
    {
        private readonly ProtectionLimits _limits;
        private int _activeFaults;
        private int _latchedFaults;
        private int _voltageFailures;
        private int _currentFailures;
        private int _temperatureFailures;
        private bool _sensorFailingNow;
        private bool _chargeAllowedBefore = true;
        private bool _dischargeAllowedBefore = true;

        /// <summary>Creates a monitor with no fault; the contactor stays open until the first evaluation with valid readings.</summary>
        public ProtectionMonitor(ProtectionLimits limits)
        {
            _limits = limits;
            _sensorFailingNow = true;
        }

        /// <summary>Faults whose condition holds now (with hysteresis).</summary>
        public int ActiveFaults
        {
            get { return _activeFaults; }
        }

        /// <summary>Latching faults that tripped and have not been cleared.</summary>
        public int LatchedFaults
        {
            get { return _latchedFaults; }
        }

        /// <summary>Every fault in force: active or latched.</summary>
        public int Faults
        {
            get { return _activeFaults | _latchedFaults; }
        }

        /// <summary>Faults that appeared in the last evaluation (or clear): publish each as a "fault raised" event.</summary>
        public int RaisedFaults { get; private set; }

        /// <summary>Faults that disappeared in the last evaluation (or clear): publish each as a "fault cleared" event.</summary>
        public int ClearedFaults { get; private set; }

        /// <summary>True when the pack may be connected at all.</summary>
        public bool ContactorClosed
        {
            get { return !_sensorFailingNow && (Faults & ProtectionFaults.OpenContactor) == 0; }
        }

        /// <summary>True when current may flow into the pack.</summary>
        public bool ChargeAllowed
        {
            get { return ContactorClosed && (Faults & ProtectionFaults.BlockCharge) == 0; }
        }

        /// <summary>True when current may flow out of the pack.</summary>
        public bool DischargeAllowed
        {
            get { return ContactorClosed && (Faults & ProtectionFaults.BlockDischarge) == 0; }
        }

        /// <summary>
        /// Evaluates one tick's readings. A reading whose flag is false is not used (its value is undefined).
        /// </summary>
        /// <param name="voltageValid">The pack voltage was read.</param>
        /// <param name="packMillivolts">Pack voltage, mV.</param>
        /// <param name="currentValid">The battery current was read.</param>
        /// <param name="currentMilliamps">Battery current, mA, positive = charge.</param>
        /// <param name="temperatureValid">The pack temperature was read.</param>
        /// <param name="temperatureDeciCelsius">Pack temperature, 0.1 °C.</param>
        public void Evaluate(
            bool voltageValid,
            int packMillivolts,
            bool currentValid,
            int currentMilliamps,
            bool temperatureValid,
            int temperatureDeciCelsius)
        {
            int before = Faults;
            int active = 0;
            _voltageFailures = voltageValid ? 0 : _voltageFailures + 1;
            _currentFailures = currentValid ? 0 : _currentFailures + 1;
            _temperatureFailures = temperatureValid ? 0 : _temperatureFailures + 1;
            _sensorFailingNow = !voltageValid || !currentValid || !temperatureValid;
            if (_voltageFailures >= _limits.SensorLossTicks || _currentFailures >= _limits.SensorLossTicks
                || _temperatureFailures >= _limits.SensorLossTicks)
            {
                active |= ProtectionFaults.SensorLoss;
            }

            if (voltageValid)
            {
                active |= Hysteresis(ProtectionFaults.OverVoltage, packMillivolts >= _limits.OverVoltageTripMillivolts, packMillivolts > _limits.OverVoltageReleaseMillivolts);
                active |= Hysteresis(ProtectionFaults.UnderVoltage, packMillivolts <= _limits.UnderVoltageTripMillivolts, packMillivolts < _limits.UnderVoltageReleaseMillivolts);
                if (packMillivolts >= _limits.OverVoltageHardMillivolts)
                {
                    active |= ProtectionFaults.OverVoltageHard;
                }
            }
            else
            {
                // Unknown voltage: keep what was known (the contactor is open anyway while it fails).
                active |= _activeFaults & (ProtectionFaults.OverVoltage | ProtectionFaults.UnderVoltage);
            }

            if (currentValid)
            {
                // A direction blocked at the previous tick that still carries current: whatever
                // drives it does not obey, and only the contactor can stop it.
                if ((!_chargeAllowedBefore && currentMilliamps > _limits.BlockedLeakMilliamps)
                    || (!_dischargeAllowedBefore && -(long)currentMilliamps > _limits.BlockedLeakMilliamps))
                {
                    active |= ProtectionFaults.UncontrolledCurrent;
                }

                if (currentMilliamps >= _limits.OverCurrentChargeMilliamps)
                {
                    active |= ProtectionFaults.OverCurrentCharge;
                }

                if (-(long)currentMilliamps >= _limits.OverCurrentDischargeMilliamps)
                {
                    active |= ProtectionFaults.OverCurrentDischarge;
                }
            }

            if (temperatureValid)
            {
                active |= Hysteresis(ProtectionFaults.OverTemperature,
                    temperatureDeciCelsius >= _limits.OverTemperatureTripDeciCelsius, temperatureDeciCelsius > _limits.OverTemperatureReleaseDeciCelsius);
                active |= Hysteresis(ProtectionFaults.UnderTemperatureCharge,
                    temperatureDeciCelsius <= _limits.UnderTemperatureChargeTripDeciCelsius, temperatureDeciCelsius < _limits.UnderTemperatureChargeReleaseDeciCelsius);
                active |= Hysteresis(ProtectionFaults.UnderTemperatureDischarge,
                    temperatureDeciCelsius <= _limits.UnderTemperatureDischargeTripDeciCelsius, temperatureDeciCelsius < _limits.UnderTemperatureDischargeReleaseDeciCelsius);
            }
            else
            {
                active |= _activeFaults & (ProtectionFaults.OverTemperature | ProtectionFaults.UnderTemperatureCharge | ProtectionFaults.UnderTemperatureDischarge);
            }

            _activeFaults = active;
            _latchedFaults |= active & ProtectionFaults.Latching;
            // Only a block that was in force while the contactor was closed can be disobeyed;
            // a sensor failure's open contactor says nothing about the drive.
            _chargeAllowedBefore = ChargeAllowed || !ContactorClosed;
            _dischargeAllowedBefore = DischargeAllowed || !ContactorClosed;
            RecordChanges(before);
        }

        /// <summary>
        /// The technician's clear: drops every latched fault whose condition is gone. Returns the
        /// faults still latched (their condition still holds).
        /// </summary>
        public int ClearLatched()
        {
            int before = Faults;
            _latchedFaults &= _activeFaults;
            RecordChanges(before);
            return _latchedFaults;
        }

        private int Hysteresis(int fault, bool beyondTrip, bool beyondRelease)
        {
            bool wasActive = (_activeFaults & fault) != 0;
            return (wasActive ? beyondRelease : beyondTrip) ? fault : 0;
        }

        private void RecordChanges(int before)
        {
            int after = Faults;
            RaisedFaults = after & ~before;
            ClearedFaults = before & ~after;
        }
    }
}
